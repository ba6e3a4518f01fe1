// The closed loop the automation and autonomy story builders both replay: seed-41 simulator, detector, default rules, tickets.
import { runAutomationTick, type TickOutcome } from '../../pipelines/automation/automationTick.js';
import { KPI_FIELDS, MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { baselineCursor, baselineFromColumns, centerAt } from '../../pipelines/detect/seasonalBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import type { HealLoop } from '../../pipelines/heal/healLoop.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import { DEFAULT_RULES_DIR, loadRuleDir } from '../../pipelines/rules/ruleLoader.js';
import type { EventModel } from '../../pipelines/simulator/eventModel.js';
import type { TicketSeries } from '../../schema/automation.js';
import type { Kpi } from '../../schema/tables.js';

const DAY_MS = 86_400_000;
/** The replayed day starts here; seed 41 has a baseband fault at site 4 soon after. */
export const STORY_DAY_MS = Date.UTC(2030, 0, 2);
/** Minutes replayed: long enough for the fault to open, heal or escalate a ticket. */
export const STORY_RUN_MINUTES = 150;

/** Simulator parameters; `accounts` varies because the autonomy builder must match the lake its real server rates. */
export function storySimParams(accounts: number) {
  return { seed: 41, sites: 20, accounts, startMs: STORY_DAY_MS - DAY_MS, endMs: STORY_DAY_MS };
}

/** KPI rows as the detector's column layout. */
export function kpiColumns(rows: readonly Kpi[]): KpiColumns {
  const c: Record<string, number[]> = { ts: rows.map((r) => r.ts), site_id: rows.map((r) => r.site_id) };
  for (const k of KPI_FIELDS) c[k] = rows.map((r) => r[k]);
  return c as unknown as KpiColumns;
}

/** A detector as it stands at the story day's start: baseline from the day before, its last hour and alarms loaded. */
export async function warmDetector(model: EventModel): Promise<SiteDetector> {
  const { site } = model.dimensions();
  const history = await model.eventsBetween(STORY_DAY_MS - DAY_MS, STORY_DAY_MS);
  const det = new SiteDetector(site);
  det.baseline = baselineFromColumns(site.map((s) => s.site_id), kpiColumns(history.kpi), STORY_DAY_MS - DAY_MS, STORY_DAY_MS);
  det.addKpiColumns(kpiColumns(history.kpi.filter((k) => k.ts >= STORY_DAY_MS - 60 * MINUTE_MS)));
  det.addAlarms(history.alarm);
  return det;
}

/** The default rule set: the list (for summaries), by id (for the heal loop) and a fresh engine over it. */
export async function loadStoryRules() {
  const loaded = await loadRuleDir(DEFAULT_RULES_DIR);
  return { rules: loaded.rules, byId: new Map(loaded.rules.map((r) => [r.id, r])), engine: new RuleEngine(loaded.rules) };
}

/** A ticket store in memory: the fixture keeps only what it reads out at the end. */
export async function openMemoryTicketStore(): Promise<TicketStore> {
  const store = new TicketStore(await DuckDbDriver.open(':memory:'));
  await store.init();
  return store;
}

/** One simulated minute from `nowMs`: its events feed the detector (and `kpi`, kept for charts), then one automation tick. */
export async function stepMinute(
  model: EventModel, det: SiteDetector, engine: RuleEngine, heal: HealLoop, kpi: Kpi[], nowMs: number,
): Promise<TickOutcome> {
  const ev = await model.eventsBetween(nowMs, nowMs + MINUTE_MS);
  kpi.push(...ev.kpi);
  det.addKpiColumns(kpiColumns(ev.kpi));
  det.addAlarms(ev.alarm);
  return runAutomationTick(det, engine, heal, Math.floor(nowMs / MINUTE_MS));
}

/** A ticket's chart: its sites' latency from an hour before it opened (up to `untilMs`) against the baseline centre. */
export function latencySeries(
  det: SiteDetector, kpi: readonly Kpi[], siteIds: readonly number[], openedAtMs: number, untilMs = Infinity,
): TicketSeries {
  const sites = new Set(siteIds);
  const points = kpi.filter((k) => sites.has(k.site_id) && k.ts >= openedAtMs - 60 * MINUTE_MS && k.ts <= untilMs).map((k) => {
    const bi = det.baseline.siteIndex.get(k.site_id)!;
    return { ts: k.ts, siteId: k.site_id, latencyMs: k.latency_ms, baselineMs: Math.round(centerAt(det.baseline, baselineCursor(det.baseline, bi, k.ts), 'latency_ms') * 100) / 100 };
  });
  return { slaMs: 30, points };
}
