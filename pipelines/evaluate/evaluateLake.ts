// `npm run evaluate`: replays a lake through detectors, rules and the ticket loop, then scores tickets against the faults.
import type { Site } from '../../schema/tables.js';
import { LakeReader } from '../lake/lakeReader.js';
import { runRulesOnFeatures } from '../automation/automationTick.js';
import { STRICTEST_LATENCY_SLA_MS } from '../../schema/tierCatalog.js';
import { replayLake } from './lakeReplay.js';
import { openReplayAutomation } from './replayAutomation.js';
import { scoreDetections, type DetectionScore, type TruthFault } from './scoreDetections.js';


export interface EvaluateOptions { rulesDir?: string; fromDay?: number; toDay?: number; onProgress?: (msg: string) => void }

export interface EvaluationReport {
  lake: { dir: string; seed: number; sites: number; days: number };
  evaluated: { fromMs: number; toMs: number; siteDays: number; minutes: number };
  rules: string[];
  score: DetectionScore;
  faults: TruthFault[];
  tickets: { ticketId: number; openedAtMs: number; siteIds: number[]; runbook: string | null; ruleId: string; state: string }[];
  replaySeconds: number;
}

export async function evaluateLake(lakeDir: string, o: EvaluateOptions = {}): Promise<EvaluationReport> {
  const t0 = Date.now();
  const lake = await LakeReader.open(lakeDir);
  const sites = await lake.rows('site', {}, { orderBy: ['site_id'] });
  const { ruleIds, engine, heal, store, close } = await openReplayAutomation(o.rulesDir, lake.manifest.startMs, o.onProgress);
  let minutes = 0;
  try {
    const span = await replayLake(lake, sites, async (m, features) => {
      minutes++;
      await runRulesOnFeatures(engine, heal, m, features);
    }, { fromDay: o.fromDay, toDay: o.toDay, onDay: (d) => o.onProgress?.(`replaying ${new Date(d).toISOString().slice(0, 10)}`) });
    const faults = await loadTruth(lake, sites, span.fromMs, span.toMs);
    const tickets = (await store.list({ limit: 1000 })).reverse();
    const score = scoreDetections(faults, tickets, span.siteDays);
    return {
      lake: { dir: lakeDir, seed: lake.manifest.seed, sites: sites.length, days: lake.manifest.days },
      evaluated: { fromMs: span.fromMs, toMs: span.toMs, siteDays: span.siteDays, minutes },
      rules: ruleIds,
      score, faults,
      tickets: tickets.map((t) => ({ ticketId: t.ticketId, openedAtMs: t.openedAtMs, siteIds: t.siteIds, runbook: t.runbook, ruleId: t.ruleId, state: t.state })),
      replaySeconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await close();
    lake.close();
  }
}

/** Ground truth (evaluation only): faults starting in the window, their sites, and their first SLA-breach minute. */
async function loadTruth(lake: LakeReader, sites: readonly Site[], fromMs: number, toMs: number): Promise<TruthFault[]> {
  const rows = await lake.rows('fault', { fromMs, toMs }, { orderBy: ['start_ts', 'fault_id'] });
  const kpi = await lake.source('kpi');
  const out: TruthFault[] = [];
  for (const f of rows) {
    const siteIds = f.site_id !== null ? [f.site_id] : sites.filter((s) => s.transport_node_id === f.transport_node_id).map((s) => s.site_id);
    const r = await lake.queryRows<{ b: number | null }>(`SELECT epoch_ms(min(ts))::DOUBLE AS b FROM ${kpi}
      WHERE site_id IN (${siteIds.join(',')}) AND latency_ms > ${STRICTEST_LATENCY_SLA_MS}
        AND ts >= make_timestamp_ms(${f.start_ts}) AND ts <= make_timestamp_ms(${f.end_ts + 15 * 60_000})`);
    const b = r[0]?.b;
    out.push({ faultId: f.fault_id, kind: f.kind, siteIds, startMs: f.start_ts, endMs: f.end_ts, firstBreachMs: b === null || b === undefined ? null : Number(b) });
  }
  return out;
}

const pct = (x: number) => x.toFixed(3);
const minStr = (x: number | null) => (x === null ? '—' : x.toFixed(1));

export function formatReport(r: EvaluationReport): string {
  const s = r.score;
  const lines = [
    `lake ${r.lake.dir} (seed ${r.lake.seed}, ${r.lake.sites} sites, ${r.lake.days} days); evaluated ${new Date(r.evaluated.fromMs).toISOString().slice(0, 10)} .. ${new Date(r.evaluated.toMs - 1).toISOString().slice(0, 10)} (${r.evaluated.siteDays} site-days; day 0 only warms up the baseline)`,
    `rules: ${r.rules.join(', ')}`,
    `tickets ${s.tickets}: matched ${s.truePositiveTickets} (of which duplicates ${s.duplicateTickets}), false ${s.falseTickets}`,
    `precision ${pct(s.precision)}  recall ${pct(s.recall)}  false tickets per site-day ${s.falseTicketsPerSiteDay.toFixed(4)}`,
    '',
    'kind                    faults detected recall  median_lead_min p10_lead_min  right_runbook',
    ...s.byKind.map((k) => `${k.kind.padEnd(24)}${String(k.faults).padStart(6)}${String(k.detected).padStart(9)}  ${pct(k.recall)}  ${minStr(k.medianLeadMin).padStart(15)} ${minStr(k.p10LeadMin).padStart(12)}  ${String(k.diagnosedRight).padStart(6)}/${k.detected}`),
    '',
    `replay ${r.evaluated.minutes} minutes in ${r.replaySeconds.toFixed(1)} s`,
  ];
  return lines.join('\n');
}
