// Benchmark seam for bench/: one rule-engine evaluation tick (detector features + default rules) over N synthetic sites.
import { KPI_FIELDS, MINUTE_MS } from '../detect/kpiFields.js';
import { emptyBaseline } from '../detect/seasonalBaseline.js';
import { SiteDetector } from '../detect/siteDetector.js';
import type { SiteMeta } from '../detect/siteFeatures.js';
import { RuleEngine } from './ruleEngine.js';
import { DEFAULT_RULES_DIR, loadRuleDir } from './ruleLoader.js';

export interface RuleTickBench {
  sites: number;
  rules: number;
  /** Adds one minute of KPI samples and runs one evaluation tick; returns the number of pending/firing alerts. */
  tick(): number;
}

/**
 * Prepares a detector (60-minute window, baseline for every site) and the shipped rules over `siteCount` sites, with
 * 30 minutes of history and ~1 % of sites degrading, so ticks exercise both quiet and alerting paths.
 */
export async function prepareRuleTick(siteCount: number, startMs = Date.UTC(2030, 0, 2)): Promise<RuleTickBench> {
  const sites: SiteMeta[] = Array.from({ length: siteCount }, (_, i) => ({
    site_id: i, name: `S${i}`, tech: i % 37 === 0 ? 'edge-DC' : '5G', region: 'East', province: 'P', transport_node_id: Math.floor(i / 5),
  }));
  const det = new SiteDetector(sites);
  const b = emptyBaseline(sites.map((s) => s.site_id));
  for (const k of KPI_FIELDS) { b.median[k].fill(k === 'latency_ms' ? 12 : 1); b.mad[k].fill(k === 'latency_ms' ? 0.4 : 0.05); }
  // A week of history behind every slot, so the detectors score (an unready baseline would make the tick trivially cheap).
  b.samples.fill(105);
  det.baseline = b;
  const loaded = await loadRuleDir(DEFAULT_RULES_DIR);
  const engine = new RuleEngine(loaded.rules);
  let minute = Math.floor(startMs / MINUTE_MS);
  let seed = 1;
  const noise = () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5);
  const addMinute = (m: number) => {
    for (const s of sites) {
      const degrading = s.site_id % 100 === 0;
      const lat = 12 + noise() + (degrading ? (m % 60) * 0.8 : 0);
      det.addKpiRows([{ ts: m * MINUTE_MS, site_id: s.site_id, latency_ms: lat, jitter_ms: 1 + noise() * 0.1, loss_pct: 1, dl_mbps: 1, ul_mbps: 1, prb_util: 1, active_users: 1 }]);
    }
  };
  for (let i = 0; i < 30; i++) { addMinute(minute); det.featuresAt(minute); minute++; }
  return {
    sites: siteCount,
    rules: loaded.rules.length,
    tick() {
      addMinute(minute);
      const f = det.featuresAt(minute);
      engine.tick(f, minute * MINUTE_MS);
      minute++;
      return engine.alerts.length;
    },
  };
}
