// Regenerates stories/fixtureData/autonomyStoryData.json: `npx tsx stories/fixtureData/buildAutonomyStoryData.ts`.
// Runs the real closed loop over the deterministic seed-41 simulator (a baseband fault at site 4) under several autonomy
// policies: a suggestion waiting, then approved and verified; one rejected (and judged false); one a guard refused
// (the site on the blocklist); one a maintenance window held; one observed only. Tickets are priced and the autonomy
// overview taken from a real server on the same seed (its rating, its policy file); the mix and ledger are computed
// by the pipelines' own functions over the fixture's tickets.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import { generateLake } from '../../fixtures/generateLake.js';
import { MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import { OPEN_POLICY } from '../../pipelines/heal/autonomyGuards.js';
import { autonomyMix, buildLedger } from '../../pipelines/heal/autonomyLedger.js';
import { HealLoop } from '../../pipelines/heal/healLoop.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { openEventModel, type EventModel } from '../../pipelines/simulator/eventModel.js';
import { SimulatedNetworkController } from '../../pipelines/simulator/simulatedController.js';
import type { Ticket, TicketDetailWithSeries, TicketState } from '../../schema/automation.js';
import type { AutonomyLevel, AutonomyPolicy, TicketMoney } from '../../schema/autonomy.js';
import type { MaintenanceMatch } from '../../schema/maintenance.js';
import type { Kpi } from '../../schema/tables.js';
import { AutonomyBook } from '../../server/automation/autonomyBook.js';
import { TicketValuer } from '../../server/automation/ticketValuer.js';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/startServer.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import type { AutonomyOverview } from '../../client/features/automation/autonomyApi.js';
import type { AutonomyStoryData } from './autonomyStoryData.js';
import {
  STORY_DAY_MS as DAY, STORY_RUN_MINUTES as RUN_MIN, latencySeries, loadStoryRules, openMemoryTicketStore, stepMinute, storySimParams, warmDetector,
} from './storyLoop.js';

const PARAMS = storySimParams(400);
const NOC = 'li.wei';

/** The real server on the same seed: each site's money from its rating, and its autonomy overview (open and braked). */
async function fromServer(): Promise<{ moneyBySite: Map<number, TicketMoney>; open: AutonomyOverview; braked: AutonomyOverview }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'autonomy-story-'));
  await generateLake({ seed: PARAMS.seed, sites: PARAMS.sites, accounts: PARAMS.accounts, days: 1, endMs: DAY, outDir: path.join(dir, 'lake') });
  const server = await startServer(loadConfig({
    PORT: '0', HOST: '127.0.0.1', OPSDECK_LAKE: path.join(dir, 'lake'), OPSDECK_CLIENT_DIR: path.join(dir, 'no-client'),
    OPSDECK_SIM_SPEED: '1', OPSDECK_LOG_LEVEL: 'silent', OPSDECK_STATE: path.join(dir, 'state.duckdb'), OPSDECK_ADMIN_PASSWORD: 'story-admin-password-1',
  }));
  try {
    const valuer = new TicketValuer({ noc: server.rt.noc, now: () => server.rt.clock.now() });
    const moneyBySite = new Map<number, TicketMoney>();
    for (let i = 0; i < 120 && moneyBySite.size === 0; i++) {
      await valuer.refresh();
      for (let s = 0; s < PARAMS.sites; s++) { const m = valuer.value([s]); if (m) moneyBySite.set(s, m); }
      if (moneyBySite.size === 0) await new Promise((r) => setTimeout(r, 500));
    }
    if (moneyBySite.size === 0) throw new Error('the server never rated');
    const token = await server.rt.identity.admin.issueToken('story', { username: 'admin', label: 'story fixture', expiresInDays: 1 }, null);
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${token.secret}` } })] });
    await trpc.automation.setAutonomy.mutate({ target: 'rule', id: 'baseband-fault', level: 'suggest' });
    const open = await trpc.automation.autonomy.query();
    await trpc.automation.setBrake.mutate({ on: true, reason: 'core network upgrade tonight' });
    const braked = await trpc.automation.autonomy.query();
    return { moneyBySite, open, braked };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Scenario {
  name: string;
  level: AutonomyLevel;
  policy?: Partial<AutonomyPolicy>;
  /** What a NOC engineer does with the pending suggestion, a minute after it appears. */
  decide?: 'approve' | 'reject';
  /** A maintenance window that starts right after the ticket opened (the open check passes, the runbook is held). */
  maintenanceAfterOpen?: boolean;
  verdict?: { verdict: 'true' | 'false'; note: string };
}

async function runScenario(s: Scenario, value: (siteIds: readonly number[]) => TicketMoney | null) {
  const model: EventModel = await openEventModel(PARAMS);
  const det = await warmDetector(model);
  const { byId, engine } = await loadStoryRules();
  const store = await openMemoryTicketStore();
  let now = DAY;
  const policy: AutonomyPolicy = { ...OPEN_POLICY, ...s.policy, rules: { 'baseband-fault': s.level } };
  let maintenanceChecks = 0;
  const maintenance = s.maintenanceAfterOpen
    ? (_l: Readonly<Record<string, string>>, runbook: string | null, nowMs: number): MaintenanceMatch | null =>
      maintenanceChecks++ > 0 && runbook === 'restart_baseband' ? { id: 'mw-story', name: 'Baseband firmware upgrade, Qingdao', endsMs: nowMs + 4 * 3_600_000 } : null
    : undefined;
  const heal = new HealLoop({ store, controller: new SimulatedNetworkController(model, () => now), rules: () => byId, policy: () => policy, maintenance, value: (ids) => value(ids) });
  await heal.init(DAY);
  const kpi: Kpi[] = [];
  let pending: { ticketId: number; atMinute: number } | null = null;
  let pendingSnapshot: { tickets: Ticket[]; detailMinute: number } | null = null;
  for (let m = 0; m < RUN_MIN; m++) {
    now = DAY + m * MINUTE_MS;
    const out = await stepMinute(model, det, engine, heal, kpi, now);
    if (!pending) {
      const t = (await store.list()).find((x) => x.proposal?.status === 'pending');
      if (t) { pending = { ticketId: t.ticketId, atMinute: m }; pendingSnapshot = { tickets: await store.list(), detailMinute: m }; }
    } else if (s.decide && m === pending.atMinute + 1) {
      const features = new Map(out.features.map((f) => [f.site_id, f]));
      if (s.decide === 'approve') await heal.approve(pending.ticketId, NOC, 'KPIs and the hardware alarm match a baseband failure', now, features);
      else await heal.reject(pending.ticketId, NOC, 'a site visit is already booked for this unit', now);
    }
  }
  const tickets = await store.list();
  const main = tickets.find((t) => t.siteIds.includes(4)) ?? tickets[0]!;
  if (s.verdict) await heal.setVerdict(main.ticketId, s.verdict.verdict, NOC, s.verdict.note, now);
  const detailOf = async (ticketId: number, untilMs: number): Promise<TicketDetailWithSeries> => {
    const d = (await store.detail(ticketId))!;
    return { ...d, series: latencySeries(det, kpi, d.ticket.siteIds, d.ticket.openedAtMs, untilMs) };
  };
  const detail = await detailOf(main.ticketId, now);
  // The suggestion as the NOC first saw it: the stored ticket then, and its events up to that minute.
  let pendingDetail: TicketDetailWithSeries | null = null;
  if (pending && pendingSnapshot) {
    const atMs = DAY + pendingSnapshot.detailMinute * MINUTE_MS;
    const full = await detailOf(pending.ticketId, atMs);
    pendingDetail = { ...full, ticket: pendingSnapshot.tickets.find((t) => t.ticketId === pending.ticketId)!, events: full.events.filter((e) => e.atMs <= atMs) };
  }
  const counts = await store.counts();
  await store.close();
  await model.close();
  return { nowMs: now + MINUTE_MS, tickets: tickets.map((t) => t.ticketId === main.ticketId ? detail.ticket : t), counts, detail, pendingDetail, pendingTickets: pendingSnapshot?.tickets ?? null };
}

/** What the settings look like when the policy file does not load: the real book on a broken file. */
async function brokenPolicySettings(): Promise<AutonomyOverview['settings']> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'autonomy-policy-'));
  try {
    const file = path.join(dir, 'autonomy.yaml');
    await writeFile(file, 'runbooks:\n  restart_baseband: sometimes\nguards:\n  - id: Per Site\n    runbook: "*"\n    per: site\n    max_actions: 3\n    window: 2d\n');
    const book = new AutonomyBook(await DuckDbDriver.open(':memory:'), file, () => DAY);
    await book.init();
    const v = book.view();
    return { ...v, file: 'pipelines/rules/policy/autonomy.yaml', problems: v.problems.map((p) => ({ ...p, source: 'pipelines/rules/policy/autonomy.yaml' })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const live = await fromServer();
  const value = (ids: readonly number[]): TicketMoney | null => {
    const ms = ids.map((id) => live.moneyBySite.get(id)).filter((m): m is TicketMoney => !!m);
    if (!ms.length) return null;
    return { revenueAtRiskFenPerHour: ms.reduce((a, m) => a + m.revenueAtRiskFenPerHour, 0), creditsAtStakeFen: ms.reduce((a, m) => a + m.creditsAtStakeFen, 0), ratingVersion: ms[0]!.ratingVersion };
  };
  const scenarios: Scenario[] = [
    { name: 'approved', level: 'suggest', decide: 'approve' },
    { name: 'rejected', level: 'suggest', decide: 'reject', verdict: { verdict: 'false', note: 'the alarm was a card reseat during the site visit' } },
    { name: 'guard', level: 'auto', policy: { blocklist: { siteIds: [4], transportNodeIds: [] } } },
    { name: 'maintenance', level: 'auto', maintenanceAfterOpen: true },
    { name: 'observed', level: 'observe', verdict: { verdict: 'true', note: 'confirmed on site' } },
  ];
  const runs: { s: Scenario; r: Awaited<ReturnType<typeof runScenario>> }[] = [];
  for (const s of scenarios) runs.push({ s, r: await runScenario(s, value) });
  // One ticket list: each scenario's ticket ids shifted by 100 so they stay distinct.
  const shift = (t: Ticket, i: number): Ticket => ({ ...t, ticketId: t.ticketId + i * 100, foldedInto: t.foldedInto === null ? null : t.foldedInto + i * 100 });
  const shiftDetail = (d: TicketDetailWithSeries, i: number): TicketDetailWithSeries => ({ ...d, ticket: shift(d.ticket, i), events: d.events.map((e) => ({ ...e, ticketId: e.ticketId + i * 100, eventId: e.eventId + i * 1000 })) });
  const tickets = runs.flatMap(({ r }, i) => r.tickets.map((t) => shift(t, i)));
  const byName = (n: string) => runs.findIndex((x) => x.s.name === n);
  const approved = runs[byName('approved')]!.r;
  const nowMs = Math.max(...runs.map(({ r }) => r.nowMs));
  const counts = Object.fromEntries(Object.keys(approved.counts).map((k) => [k, tickets.filter((t) => t.state === k).length])) as Record<TicketState, number>;
  const fromMs = nowMs - 7 * 86_400_000;
  const refused = runs.reduce((n, { r }) => n + r.detail.events.filter((e) => e.kind === 'guard').length, 0);
  const report = { mix: autonomyMix(tickets, fromMs, nowMs, refused), ledger: buildLedger(tickets, fromMs, nowMs, live.open.ledger.costs) };
  const overview = (o: AutonomyOverview): AutonomyOverview => ({ ...o, nowMs, ...report });
  const data: AutonomyStoryData = {
    fixture: { seed: PARAMS.seed, sites: PARAMS.sites, dayMs: DAY, minutes: RUN_MIN },
    nowMs,
    tickets,
    counts,
    pendingTickets: approved.pendingTickets!,
    pending: approved.pendingDetail!,
    approved: shiftDetail(approved.detail, byName('approved')),
    rejected: shiftDetail(runs[byName('rejected')]!.r.detail, byName('rejected')),
    guardRefused: shiftDetail(runs[byName('guard')]!.r.detail, byName('guard')),
    maintenanceHeld: shiftDetail(runs[byName('maintenance')]!.r.detail, byName('maintenance')),
    observed: shiftDetail(runs[byName('observed')]!.r.detail, byName('observed')),
    overview: overview(live.open),
    brakedOverview: overview(live.braked),
    brokenPolicySettings: await brokenPolicySettings(),
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'autonomyStoryData.json');
  await writeFile(out, JSON.stringify(data, null, 1) + '\n');
  console.log(`wrote ${out}: ${tickets.length} tickets; ${runs.map(({ s, r }) => `${s.name}: ${r.detail.ticket.state}/${r.detail.ticket.proposal?.status ?? '-'}`).join(', ')}`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
