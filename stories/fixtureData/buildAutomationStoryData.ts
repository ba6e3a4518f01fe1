// Regenerates stories/fixtureData/automationStoryData.json: `npx tsx stories/fixtureData/buildAutomationStoryData.ts`.
// Runs the real closed loop (detectors, default rules, heal loop, simulated controller) over the deterministic
// simulator for seed 41 (a baseband fault at site 4), once with the controller (resolved) and once without (escalated).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventModel, type EventModel } from '../../pipelines/simulator/eventModel.js';
import { SimulatedNetworkController } from '../../pipelines/simulator/simulatedController.js';
import { KPI_FIELDS, MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { baselineCursor, baselineFromColumns, centerAt } from '../../pipelines/detect/seasonalBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import { HealLoop } from '../../pipelines/heal/healLoop.js';
import { RecordingController, type NetworkController } from '../../pipelines/heal/networkController.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { runAutomationTick } from '../../pipelines/automation/automationTick.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import { DEFAULT_RULES_DIR, loadRuleDir, ruleToYaml } from '../../pipelines/rules/ruleLoader.js';
import type { DryRunResult, RuleSummary, TicketDetailWithSeries } from '../../schema/automation.js';
import type { Kpi } from '../../schema/tables.js';
import type { AutomationStoryData } from './automationStoryData.js';

const DAY = Date.UTC(2030, 0, 2);
const PARAMS = { seed: 41, sites: 20, accounts: 50, startMs: DAY - 86_400_000, endMs: DAY };
const RUN_MIN = 150;

function columns(rows: readonly Kpi[]): KpiColumns {
  const c: Record<string, number[]> = { ts: rows.map((r) => r.ts), site_id: rows.map((r) => r.site_id) };
  for (const k of KPI_FIELDS) c[k] = rows.map((r) => r[k]);
  return c as unknown as KpiColumns;
}

async function scenario(withController: boolean) {
  const model: EventModel = await openEventModel(PARAMS);
  const { site } = model.dimensions();
  const history = await model.eventsBetween(DAY - 86_400_000, DAY);
  const ids = site.map((s) => s.site_id);
  const det = new SiteDetector(site);
  det.baseline = baselineFromColumns(ids, columns(history.kpi), DAY - 86_400_000, DAY);
  det.addKpiColumns(columns(history.kpi.filter((k) => k.ts >= DAY - 60 * MINUTE_MS)));
  det.addAlarms(history.alarm);
  const loaded = await loadRuleDir(DEFAULT_RULES_DIR);
  const rules = new Map(loaded.rules.map((r) => [r.id, r]));
  const engine = new RuleEngine(loaded.rules);
  const store = new TicketStore(await DuckDbDriver.open(':memory:'));
  await store.init();
  let now = DAY;
  const controller: NetworkController = withController ? new SimulatedNetworkController(model, () => now) : new RecordingController();
  const heal = new HealLoop({ store, controller, rules: () => rules });
  await heal.init(DAY);
  const kpi: Kpi[] = [];
  const firedBy = new Map<string, DryRunResult['alerts'][number]>();
  for (let m = 0; m < RUN_MIN; m++) {
    now = DAY + m * MINUTE_MS;
    const ev = await model.eventsBetween(now, now + MINUTE_MS);
    kpi.push(...ev.kpi);
    det.addKpiColumns(columns(ev.kpi));
    det.addAlarms(ev.alarm);
    const out = await runAutomationTick(det, engine, heal, Math.floor(now / MINUTE_MS));
    for (const e of out.events) {
      if (e.alert.ruleId !== 'latency-early-warning') continue;
      const a = firedBy.get(e.alert.fingerprint) ?? { ruleId: e.alert.ruleId, siteId: e.alert.siteId, groupKey: e.alert.groupKey, pendingAtMs: e.atMs, firingAtMs: null, resolvedAtMs: null };
      if (e.kind === 'firing') a.firingAtMs = e.atMs;
      if (e.kind === 'resolved') a.resolvedAtMs = e.atMs;
      if (e.kind !== 'cancelled') firedBy.set(e.alert.fingerprint, a);
    }
  }
  const tickets = await store.list();
  const details: TicketDetailWithSeries[] = [];
  for (const t of tickets) {
    const d = (await store.detail(t.ticketId))!;
    const sites = new Set(t.siteIds);
    const points = kpi.filter((k) => sites.has(k.site_id) && k.ts >= t.openedAtMs - 60 * MINUTE_MS).map((k) => {
      const bi = det.baseline.siteIndex.get(k.site_id)!;
      return { ts: k.ts, siteId: k.site_id, latencyMs: k.latency_ms, baselineMs: Math.round(centerAt(det.baseline, baselineCursor(det.baseline, bi, k.ts), 'latency_ms') * 100) / 100 };
    });
    details.push({ ...d, series: { slaMs: 30, points } });
  }
  const ruleSummaries: RuleSummary[] = loaded.rules.map((r) => ({
    id: r.id, description: r.description, severity: r.severity, when: r.when, forMs: r.forMs, groupBy: r.groupBy, runbook: r.action?.runbook ?? null,
    enabled: r.enabled, source: `pipelines/rules/default/${path.basename(r.source)}`, yaml: ruleToYaml(r),
    pending: engine.alerts.filter((a) => a.ruleId === r.id && a.phase === 'pending').length, firing: engine.firing().filter((a) => a.ruleId === r.id).length,
  }));
  const alerts = [...firedBy.values()].filter((a) => a.firingAtMs !== null);
  const dryRun: DryRunResult = { fromMs: DAY, toMs: now + MINUTE_MS, minutes: RUN_MIN, alerts, groups: new Set(alerts.map((a) => a.groupKey)).size, problems: [] };
  const counts = await store.counts();
  await store.close();
  await model.close();
  return { nowMs: now + MINUTE_MS, tickets, counts, details, rules: ruleSummaries, dryRun };
}

async function main(): Promise<void> {
  const healed = await scenario(true);
  const unhealed = await scenario(false);
  const data: AutomationStoryData = {
    fixture: { seed: PARAMS.seed, sites: PARAMS.sites, dayMs: DAY, minutes: RUN_MIN },
    nowMs: healed.nowMs,
    tickets: [...healed.tickets, ...unhealed.tickets.map((t) => ({ ...t, ticketId: t.ticketId + 100 }))],
    counts: Object.fromEntries(Object.keys(healed.counts).map((k) => [k, healed.counts[k as keyof typeof healed.counts] + unhealed.counts[k as keyof typeof healed.counts]])) as AutomationStoryData['counts'],
    resolved: healed.details.find((d) => d.ticket.state === 'resolved') ?? healed.details[0]!,
    escalated: unhealed.details.find((d) => d.ticket.state === 'escalated') ?? unhealed.details[0]!,
    rules: healed.rules,
    dryRun: healed.dryRun,
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'automationStoryData.json');
  await writeFile(out, JSON.stringify(data, null, 1) + '\n');
  console.log(`wrote ${out}: ${data.tickets.length} tickets (${data.resolved.ticket.state}, ${data.escalated.ticket.state})`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
