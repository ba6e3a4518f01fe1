// "What would this rule have fired over the last N hours?": replays recent facts through a fresh detector and engine.
import type { DryRunResult } from '../../schema/automation.js';
import type { Site } from '../../schema/tables.js';
import { MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { replayMinutes } from '../../pipelines/detect/minuteReplay.js';
import type { SeasonalBaseline } from '../../pipelines/detect/seasonalBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import { parseRulesYaml, RULE_LIMITS } from '../../pipelines/rules/ruleLoader.js';
import { KPI_COLUMNS } from './detectionLoop.js';

/** Warm-up before the first replayed minute, so the trend window is full when it starts. */
const WARM_UP_MS = 15 * MINUTE_MS;

export interface DryRunDeps { facts: FactReader; sites: readonly Site[]; baseline: SeasonalBaseline; nowMs: number }

export async function dryRunRules(yamlText: string, hours: number, d: DryRunDeps): Promise<DryRunResult> {
  const parsed = parseRulesYaml(yamlText, 'dry-run');
  const toMs = Math.floor(d.nowMs / MINUTE_MS) * MINUTE_MS;
  const fromMs = toMs - hours * 3_600_000;
  if (parsed.problems.length || !parsed.rules.length) return { fromMs, toMs, minutes: 0, alerts: [], groups: 0, problems: parsed.problems };
  // Every replayed minute evaluates every rule for every site: the total expression size bounds the replay's CPU.
  const nodes = parsed.rules.reduce((n, r) => n + r.exprNodes, 0);
  if (nodes > RULE_LIMITS.maxDryRunNodes) {
    return { fromMs, toMs, minutes: 0, alerts: [], groups: 0, problems: [{ source: 'dry-run', line: 1, column: 1, field: '', ruleId: null,
      message: `these ${parsed.rules.length} rules have ${nodes} operands and operators together; a dry-run takes at most ${RULE_LIMITS.maxDryRunNodes}: dry-run fewer rules at a time` }] };
  }
  const det = new SiteDetector(d.sites);
  det.baseline = d.baseline;
  const engine = new RuleEngine(parsed.rules.map((r) => ({ ...r, enabled: true })));
  const [kpi, alarms] = await Promise.all([
    d.facts.numbers('kpi', { fromMs: fromMs - WARM_UP_MS, toMs }, KPI_COLUMNS),
    d.facts.rows('alarm', { fromMs: d.facts.hot?.coverageStartMs, toMs }),
  ]);
  const open = new Map<string, DryRunResult['alerts'][number]>();
  const done: DryRunResult['alerts'] = [];
  let minutes = 0;
  await replayMinutes(det, { kpi: kpi as unknown as KpiColumns, alarms },
    { fromMinute: Math.floor((fromMs - WARM_UP_MS) / MINUTE_MS), emitFromMinute: Math.ceil(fromMs / MINUTE_MS), toMinute: toMs / MINUTE_MS },
    (m, features) => {
      minutes++;
      for (const e of engine.tick(features, m * MINUTE_MS)) {
        const key = e.alert.fingerprint;
        if (e.kind === 'pending') open.set(key, { ruleId: e.alert.ruleId, siteId: e.alert.siteId, groupKey: e.alert.groupKey, pendingAtMs: e.atMs, firingAtMs: null, resolvedAtMs: null });
        else if (e.kind === 'firing') { const a = open.get(key); if (a) a.firingAtMs = e.atMs; }
        else { const a = open.get(key); if (a) { if (e.kind === 'resolved') { a.resolvedAtMs = e.atMs; done.push(a); } open.delete(key); } }
      }
    });
  for (const a of open.values()) if (a.firingAtMs !== null) done.push(a);
  done.sort((a, b) => (a.firingAtMs ?? 0) - (b.firingAtMs ?? 0));
  return { fromMs, toMs, minutes, alerts: done, groups: new Set(done.map((a) => a.groupKey)).size, problems: [] };
}
