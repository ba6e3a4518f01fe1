// Autonomy you can trust: levels (observe / suggest / auto, runbook ceilings, the global brake), guards and the
// blocklist, maintenance windows, topology inhibition, and the money a ticket carries into the queue.
import { describe, expect, it } from 'vitest';
import type { AutonomyPolicy, TicketMoney } from '../../schema/autonomy.js';
import type { MaintenanceMatch } from '../../schema/maintenance.js';
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import { OPEN_POLICY } from '../../pipelines/heal/autonomyGuards.js';
import { parsePolicyYaml } from '../../pipelines/heal/autonomyPolicyFile.js';
import { HealLoop } from '../../pipelines/heal/healLoop.js';
import { RecordingController } from '../../pipelines/heal/networkController.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import type { CompiledRule } from '../../pipelines/rules/ruleTypes.js';
import { feat, MIN, rule, T0 } from './automationFixtures.js';

/** A site rule on latency_z that runs `runbook` at the given autonomy level. */
function siteRule(id: string, runbook: string, autonomy = 'auto', cooldown = '30m'): CompiledRule {
  return rule(`id: ${id}
when: "latency_z >= 4"
group_by: [site_id]
action:
  runbook: ${runbook}
  params:
    site_id: "{{site_id}}"
verify:
  when: "latency_z < 3"
  for: 2m
  within: 10m
cooldown: ${cooldown}
autonomy: ${autonomy}
`);
}

const nodeRule = rule(`id: node-fault
when: "node_correlated and latency_z >= 4"
group_by: [transport_node_id]
priority: 10
action:
  runbook: switch_transport_path
  params:
    transport_node_id: "{{transport_node_id}}"
verify:
  when: "latency_z < 3"
  for: 2m
  within: 10m
`);
const watchRule = rule(`id: early-warning
when: "latency_z >= 4"
group_by: [site_id]
`);

interface Setup {
  policy?: Partial<AutonomyPolicy>;
  maintenance?: (labels: Readonly<Record<string, string>>, runbook: string | null, nowMs: number) => MaintenanceMatch | null;
  value?: (siteIds: readonly number[]) => TicketMoney | null;
}

async function setup(rules: CompiledRule[], o: Setup = {}) {
  const store = new TicketStore(await DuckDbDriver.open(':memory:'));
  await store.init();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const controller = new RecordingController();
  const policy: AutonomyPolicy = { ...OPEN_POLICY, ...o.policy };
  const heal = new HealLoop({
    store, controller, rules: () => byId, diagnoseWithinMs: 20 * MIN, policy: () => policy, maintenance: o.maintenance, value: o.value,
  });
  await heal.init(T0);
  return { store, heal, controller, engine: new RuleEngine(rules), policy };
}

/** One minute: each site's features through the engine and the heal loop. */
async function minute(s: Awaited<ReturnType<typeof setup>>, m: number, fs: SiteFeatures[]): Promise<void> {
  const now = T0 + m * MIN;
  s.engine.tick(fs, now);
  await s.heal.onTick(now, s.engine.alerts, new Map(fs.map((f) => [f.site_id, f])));
}
const bad = (site: number, node = 0, extra: Partial<SiteFeatures> = {}) => feat({ site_id: site, transport_node_id: node, latency_z: 8, ...extra });
const good = (site: number, node = 0) => feat({ site_id: site, transport_node_id: node, latency_z: 0 });

describe('autonomy levels', () => {
  it('a suggest rule never acts before approval; the approval runs the runbook, the verifier resolves it', async () => {
    const s = await setup([siteRule('bb', 'restart_baseband', 'suggest')]);
    for (let m = 0; m < 15; m++) await minute(s, m, [bad(1)]);
    let [t] = await s.store.list();
    expect(t!.state).toBe('open');
    expect(t!.actedAtMs).toBeNull();
    expect(t!.autonomy).toBe('suggest');
    expect(t!.proposal).toMatchObject({ runbook: 'restart_baseband', ruleId: 'bb', params: { site_id: '1' }, status: 'pending' });
    expect(s.controller.commands).toHaveLength(0);
    // Pending is not stuck: it waits past the 20-minute diagnosis deadline without escalating.
    for (let m = 15; m < 25; m++) await minute(s, m, [bad(1)]);
    expect((await s.store.get(t!.ticketId))!.state).toBe('open');
    await s.heal.approve(t!.ticketId, 'li.wei', 'BBU alarm confirmed', T0 + 25 * MIN);
    expect(s.controller.commands.map((c) => c.runbook)).toEqual(['restart_baseband']);
    for (let m = 26; m < 30; m++) await minute(s, m, [good(1)]);
    const d = (await s.store.detail(t!.ticketId))!;
    t = d.ticket;
    expect(t.state).toBe('resolved');
    expect(t.proposal).toMatchObject({ status: 'approved', decidedBy: 'li.wei', note: 'BBU alarm confirmed' });
    expect(t.verdict).toBe('true');
    const kinds = d.events.map((e) => `${e.kind}${e.toState ? `:${e.toState}` : ''}`);
    expect(kinds).toEqual(['transition:open', 'proposal', 'approval', 'transition:acting', 'transition:verifying', 'transition:resolved']);
    expect(d.events.find((e) => e.kind === 'approval')!.actor).toBe('user:li.wei');
    expect(d.events.find((e) => e.toState === 'acting')!.actor).toBe('user:li.wei');
  });

  it('a rejected suggestion runs nothing and hands the ticket to people; one that outlives its problem expires', async () => {
    const s = await setup([siteRule('bb', 'restart_baseband', 'suggest')]);
    for (let m = 0; m < 3; m++) await minute(s, m, [bad(1), bad(2)]);
    const [t2, t1] = await s.store.list();
    await s.heal.reject(t1!.ticketId, 'li.wei', 'planned work on this BBU', T0 + 3 * MIN);
    await expect(s.heal.approve(t1!.ticketId, 'li.wei', '', T0 + 3 * MIN)).rejects.toThrow(/no suggestion waiting/);
    for (let m = 3; m < 6; m++) await minute(s, m, [bad(1), good(2)]);
    expect(s.controller.commands).toHaveLength(0);
    const r1 = (await s.store.get(t1!.ticketId))!;
    expect(r1.state).toBe('escalated');
    expect(r1.proposal).toMatchObject({ status: 'rejected', decidedBy: 'li.wei', note: 'planned work on this BBU' });
    const r2 = (await s.store.get(t2!.ticketId))!;
    expect(r2.state).toBe('resolved');
    expect(r2.proposal!.status).toBe('expired');
  });

  it('observe names the diagnosis once and never acts; the ticket goes to the NOC at the diagnosis deadline', async () => {
    const s = await setup([siteRule('bb', 'restart_baseband', 'observe')]);
    for (let m = 0; m < 21; m++) await minute(s, m, [bad(1)]);
    const d = (await s.store.detail((await s.store.list())[0]!.ticketId))!;
    expect(s.controller.commands).toHaveLength(0);
    expect(d.ticket.state).toBe('escalated');
    expect(d.ticket.proposal!.status).toBe('observed');
    expect(d.events.filter((e) => e.kind === 'proposal')).toHaveLength(1);
    expect(d.events.at(-1)!.reason).toContain('autonomy level observe');
  });

  it('the global brake and a runbook ceiling hold an auto rule at suggest', async () => {
    for (const policy of [
      { brake: { on: true, by: 'ops.lead', atMs: T0, reason: 'controller upgrade' } },
      { runbooks: { restart_baseband: 'suggest' as const } },
    ]) {
      const s = await setup([siteRule('bb', 'restart_baseband', 'auto')], { policy });
      for (let m = 0; m < 5; m++) await minute(s, m, [bad(1)]);
      const d = (await s.store.detail((await s.store.list())[0]!.ticketId))!;
      expect(s.controller.commands).toHaveLength(0);
      expect(d.ticket.proposal!.status).toBe('pending');
      expect(d.events.find((e) => e.kind === 'proposal')!.reason).toMatch(policy.brake ? /global brake on \(ops\.lead\)/ : /runbook restart_baseband: suggest/);
    }
  });
});

describe('guards', () => {
  it('refuses the 6th baseband restart behind one node within 15 min, and records the guard that refused', async () => {
    const s = await setup([siteRule('bb', 'restart_baseband')], {
      policy: { guards: [{ id: 'bb-per-node', runbook: 'restart_baseband', per: 'transport_node', maxActions: 5, windowMs: 15 * MIN }] },
    });
    // Sites 1..6 behind node 7 go bad one minute apart; each gets its own ticket and restart.
    for (let m = 0; m < 6; m++) await minute(s, m, Array.from({ length: m + 1 }, (_, i) => bad(i + 1, 7)));
    expect(s.controller.commands.map((c) => c.siteIds[0])).toEqual([1, 2, 3, 4, 5]);
    const sixth = (await s.store.list({ siteId: 6 }))[0]!;
    const d = (await s.store.detail(sixth.ticketId))!;
    expect(d.ticket.state).toBe('escalated');
    expect(d.ticket.actedAtMs).toBeNull();
    const g = d.events.find((e) => e.kind === 'guard')!;
    expect(g.reason).toContain('guard bb-per-node: 5 restart_baseband runs on transport node 7 in the last 15 min (at most 5)');
    expect(g.data).toMatchObject({ guard: 'bb-per-node', count: 5, maxActions: 5 });
    expect(s.heal.stats.refusedByGuard).toBe(1);
    // Counted per ticket set too (a scoped user's share of the refusals).
    const others = (await s.store.list()).filter((t) => t.ticketId !== sixth.ticketId).map((t) => t.ticketId);
    expect(await s.store.countEvents('guard', T0, T0 + 60 * MIN)).toBe(1);
    expect(await s.store.countEvents('guard', T0, T0 + 60 * MIN, [sixth.ticketId, ...others])).toBe(1);
    expect(await s.store.countEvents('guard', T0, T0 + 60 * MIN, others)).toBe(0);
    expect(await s.store.countEvents('guard', T0, T0 + 60 * MIN, [])).toBe(0);
    // A site behind another node is not counted against node 7.
    await minute(s, 6, [bad(9, 8)]);
    expect(s.controller.commands.map((c) => c.siteIds[0])).toEqual([1, 2, 3, 4, 5, 9]);
  });

  it('the window slides: the guard counts restored actions from the store after a restart', async () => {
    const policy = { guards: [{ id: 'one-per-site', runbook: '*' as const, per: 'site' as const, maxActions: 1, windowMs: 60 * MIN }] };
    const s = await setup([siteRule('bb', 'restart_baseband', 'auto', '1m')], { policy });
    for (let m = 0; m < 3; m++) await minute(s, m, [bad(1)]);
    for (let m = 3; m < 8; m++) await minute(s, m, [good(1)]);
    expect(s.controller.commands).toHaveLength(1);
    // A new loop on the same store (a restart) still knows the action of minute 0.
    const heal2 = new HealLoop({ store: s.store, controller: s.controller, rules: () => new Map([['bb', siteRule('bb', 'restart_baseband', 'auto', '1m')]]), policy: () => ({ ...OPEN_POLICY, ...policy }) });
    await heal2.init(T0 + 8 * MIN);
    const engine = new RuleEngine([siteRule('bb', 'restart_baseband', 'auto', '1m')]);
    for (let m = 10; m < 12; m++) { engine.tick([bad(1)], T0 + m * MIN); await heal2.onTick(T0 + m * MIN, engine.alerts, new Map([[1, bad(1)]])); }
    expect(s.controller.commands).toHaveLength(1);
    const refused = (await s.store.list({ siteId: 1, states: ['escalated'] }))[0]!;
    expect((await s.store.detail(refused.ticketId))!.events.some((e) => e.kind === 'guard' && e.reason.includes('guard one-per-site'))).toBe(true);
  });

  it('never acts on a blocklisted site', async () => {
    const s = await setup([siteRule('bb', 'restart_baseband')], { policy: { blocklist: { siteIds: [1], transportNodeIds: [] } } });
    for (let m = 0; m < 2; m++) await minute(s, m, [bad(1), bad(2)]);
    expect(s.controller.commands.map((c) => c.siteIds[0])).toEqual([2]);
    const d = (await s.store.detail((await s.store.list({ siteId: 1 }))[0]!.ticketId))!;
    expect(d.events.find((e) => e.kind === 'guard')!.reason).toContain('site 1 is on the automation blocklist');
  });
});

describe('maintenance windows', () => {
  it('alerts inside a window are kept but open no ticket; a ticket already open waits with its runbook held', async () => {
    const window: MaintenanceMatch = { id: 'mw-1', name: 'BBU swap Hangzhou', endsMs: T0 + 30 * MIN };
    // Site 1 is in the window from minute 0; site 2's runbook is held from minute 1 (its ticket opened at minute 0).
    const maintenance = (labels: Readonly<Record<string, string>>, _runbook: string | null, nowMs: number) =>
      nowMs < window.endsMs && (labels.site_id === '1' || (labels.site_id === '2' && nowMs >= T0 + MIN)) ? window : null;
    const s = await setup([siteRule('bb', 'restart_baseband', 'suggest')], { maintenance });
    for (let m = 0; m < 5; m++) await minute(s, m, [bad(1), bad(2)]);
    expect(s.engine.alerts.filter((a) => a.phase === 'firing').map((a) => a.siteId).sort()).toEqual([1, 2]);
    const tickets = await s.store.list();
    expect(tickets.map((t) => t.siteIds)).toEqual([[2]]);
    expect(s.heal.stats.heldByMaintenance).toBeGreaterThanOrEqual(4);
    await expect(s.heal.approve(tickets[0]!.ticketId, 'li.wei', '', T0 + 5 * MIN)).rejects.toThrow(/maintenance window \("BBU swap Hangzhou"/);
    expect(s.controller.commands).toHaveLength(0);
  });

  it('a window on a runbook holds its rules\' alerts from opening tickets until it ends; then the runbook runs', async () => {
    const endsMs = T0 + 10 * MIN;
    const maintenance = (_l: Readonly<Record<string, string>>, runbook: string | null, nowMs: number) =>
      runbook === 'restart_baseband' && nowMs >= T0 + MIN && nowMs < endsMs ? { id: 'mw-2', name: 'night work', endsMs } : null;
    const s = await setup([siteRule('bb', 'restart_baseband')], { maintenance });
    await minute(s, 0, [good(1)]);
    for (let m = 1; m < 12; m++) await minute(s, m, [bad(1)]);
    // Opened at minute 10 (the window held the alert from opening a ticket until then), acted at once.
    const d = (await s.store.detail((await s.store.list())[0]!.ticketId))!;
    expect(d.ticket.openedAtMs).toBe(T0 + 10 * MIN);
    expect(s.controller.commands).toHaveLength(1);
  });
});

describe('topology-aware inhibition', () => {
  it('a node fault across its sites is one ticket: site tickets opened first are folded into the node ticket', async () => {
    const s = await setup([nodeRule, watchRule]);
    // Minutes 0-1: sites 1-4 behind node 3 rise (early warnings open site tickets); minute 2: the node rule fires.
    for (let m = 0; m < 2; m++) await minute(s, m, [1, 2, 3, 4].map((x) => bad(x, 3)));
    expect((await s.store.list()).length).toBe(4);
    for (let m = 2; m < 6; m++) await minute(s, m, [1, 2, 3, 4].map((x) => bad(x, 3, { node_correlated: true })));
    const all = await s.store.list();
    const node = all.find((t) => t.subject === 'transport_node')!;
    expect(node.siteIds).toEqual([1, 2, 3, 4]);
    expect(all.filter((t) => t.subject === 'site').every((t) => t.state === 'resolved' && t.foldedInto === node.ticketId)).toBe(true);
    expect(all.filter((t) => t.state !== 'resolved')).toHaveLength(1);
    const events = (await s.store.detail(node.ticketId))!.events;
    expect(events.filter((e) => e.kind === 'inhibited' && e.data?.foldedTicketId).map((e) => e.data!.foldedTicketId).sort())
      .toEqual(all.filter((t) => t.subject === 'site').map((t) => t.ticketId).sort());
    // Folded tickets are neither flaps nor false tickets: the node ticket carries the incident.
    expect(all.filter((t) => t.subject === 'site').map((t) => t.verdict)).toEqual([null, null, null, null]);
    expect(s.heal.stats.folded).toBe(4);
  });

  it('sites whose alerts fire while the node ticket is open get no ticket of their own', async () => {
    const s = await setup([nodeRule, watchRule]);
    for (let m = 0; m < 5; m++) await minute(s, m, [1, 2, 3].map((x) => bad(x, 3, { node_correlated: true })));
    const all = await s.store.list();
    expect(all).toHaveLength(1);
    expect(all[0]!.subject).toBe('transport_node');
    expect(all[0]!.siteIds).toEqual([1, 2, 3]);
    // A site behind another node still opens its own ticket.
    await minute(s, 5, [bad(9, 4)]);
    expect((await s.store.list()).map((t) => t.subject).sort()).toEqual(['site', 'transport_node']);
  });
});

describe('money on the queue', () => {
  it('a ticket carries the revenue at risk and credits of its sites; the queue sorts by them', async () => {
    const perSite = new Map([[1, 1_200], [2, 48_000], [3, 4_800]]);
    const value = (ids: readonly number[]): TicketMoney => ({
      revenueAtRiskFenPerHour: ids.reduce((n, id) => n + (perSite.get(id) ?? 0), 0), creditsAtStakeFen: ids.length * 990, ratingVersion: 3,
    });
    const s = await setup([watchRule], { value });
    await minute(s, 0, [bad(1), bad(2), bad(3)]);
    const byMoney = await s.store.list({ sort: 'money' });
    expect(byMoney.map((t) => t.siteIds[0])).toEqual([2, 3, 1]);
    expect(byMoney[0]!.money).toEqual({ revenueAtRiskFenPerHour: 48_000, creditsAtStakeFen: 990, ratingVersion: 3 });
  });

  it('a ticket opened before the first rating is priced on a later tick', async () => {
    let rated = false;
    const s = await setup([watchRule], { value: (ids) => (rated ? { revenueAtRiskFenPerHour: 100 * ids.length, creditsAtStakeFen: 7, ratingVersion: 1 } : null) });
    await minute(s, 0, [bad(1)]);
    expect((await s.store.list())[0]!.money).toBeNull();
    rated = true;
    await minute(s, 1, [bad(1)]);
    expect((await s.store.list())[0]!.money).toEqual({ revenueAtRiskFenPerHour: 100, creditsAtStakeFen: 7, ratingVersion: 1 });
  });
});

describe('the autonomy policy file', () => {
  it('reads ceilings, guards and the blocklist, and names each bad field', () => {
    const ok = parsePolicyYaml(`runbooks: { switch_transport_path: suggest }
guards:
  - { id: g1, runbook: restart_baseband, per: transport_node, max_actions: 5, window: 15m }
blocklist: { sites: [4], transport_nodes: [] }
`, 'p.yaml');
    expect(ok.problems).toEqual([]);
    expect(ok.policy).toEqual({
      runbooks: { switch_transport_path: 'suggest' },
      guards: [{ id: 'g1', runbook: 'restart_baseband', per: 'transport_node', maxActions: 5, windowMs: 15 * MIN }],
      blocklist: { siteIds: [4], transportNodeIds: [] },
    });
    const bad = parsePolicyYaml(`runbooks: { reboot_everything: auto }
guards:
  - { id: g1, runbook: restart_baseband, per: node, max_actions: 0, window: 3d }
`, 'p.yaml');
    expect(bad.policy).toBeNull();
    expect(bad.problems.map((p) => p.field).sort()).toEqual(['guards.0.max_actions', 'guards.0.per', 'guards.0.window', 'runbooks.reboot_everything']);
    expect(parsePolicyYaml('guards: [', 'p.yaml').problems[0]!.message).toMatch(/not YAML/);
  });
});
