// Regenerates stories/fixtureData/automationStoryData.json: `npx tsx stories/fixtureData/buildAutomationStoryData.ts`.
// Runs the real closed loop (detectors, default rules, heal loop, simulated controller) over the deterministic
// simulator for seed 41 (a baseband fault at site 4), once with the controller (resolved) and once without (escalated).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventModel, type EventModel } from '../../pipelines/simulator/eventModel.js';
import { SimulatedNetworkController } from '../../pipelines/simulator/simulatedController.js';
import { MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import { HealLoop } from '../../pipelines/heal/healLoop.js';
import { RecordingController, type NetworkController } from '../../pipelines/heal/networkController.js';
import { ruleToYaml } from '../../pipelines/rules/ruleLoader.js';
import type { DryRunResult, RuleSummary, TicketDetailWithSeries } from '../../schema/automation.js';
import type { Kpi } from '../../schema/tables.js';
import type { AutomationStoryData } from './automationStoryData.js';
import {
  STORY_DAY_MS as DAY, STORY_RUN_MINUTES as RUN_MIN, latencySeries, loadStoryRules, openMemoryTicketStore, stepMinute, storySimParams, warmDetector,
} from './storyLoop.js';

const PARAMS = storySimParams(50);

async function scenario(withController: boolean) {
  const model: EventModel = await openEventModel(PARAMS);
  const det = await warmDetector(model);
  const { rules, byId, engine } = await loadStoryRules();
  const store = await openMemoryTicketStore();
  let now = DAY;
  const controller: NetworkController = withController ? new SimulatedNetworkController(model, () => now) : new RecordingController();
  const heal = new HealLoop({ store, controller, rules: () => byId });
  await heal.init(DAY);
  const kpi: Kpi[] = [];
  const firedBy = new Map<string, DryRunResult['alerts'][number]>();
  for (let m = 0; m < RUN_MIN; m++) {
    now = DAY + m * MINUTE_MS;
    const out = await stepMinute(model, det, engine, heal, kpi, now);
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
    details.push({ ...d, series: latencySeries(det, kpi, t.siteIds, t.openedAtMs) });
  }
  const ruleSummaries: RuleSummary[] = rules.map((r) => ({
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
