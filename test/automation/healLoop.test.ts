// Ticket lifecycle: one ticket per group under concurrent evaluators, restart mid-remediation, escalation, cooldown, audit trail.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import { HealLoop } from '../../pipelines/heal/healLoop.js';
import type { ControllerCommand, ControllerResult, NetworkController } from '../../pipelines/heal/networkController.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import type { TicketNotice } from '../../pipelines/heal/webhookNotifier.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import type { CompiledRule } from '../../pipelines/rules/ruleTypes.js';
import { feat, MIN, T0, zRule } from './automationFixtures.js';

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });
async function tmpFile(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-heal-'));
  dirs.push(d);
  return path.join(d, 'state.duckdb');
}

class FakeController implements NetworkController {
  readonly calls: ControllerCommand[] = [];
  constructor(private readonly behaviour: (c: ControllerCommand) => Promise<ControllerResult> = async () => ({ executed: true, detail: 'ok' })) {}
  execute(c: ControllerCommand) { this.calls.push(c); return this.behaviour(c); }
}

function loopOn(store: TicketStore, rules: CompiledRule[], controller: NetworkController, notices?: TicketNotice[]): HealLoop {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return new HealLoop({ store, controller, rules: () => byId, notifier: notices ? { notify: (n) => notices.push(n) } : null, diagnoseWithinMs: 20 * MIN });
}

/** Runs engine + heal over a feature sequence (one array of sites per minute) starting at minute `from`. */
async function drive(engine: RuleEngine, heal: HealLoop, minutes: SiteFeatures[][], from = 0): Promise<void> {
  for (let i = 0; i < minutes.length; i++) {
    const now = T0 + (from + i) * MIN;
    engine.tick(minutes[i]!, now);
    await heal.onTick(now, engine.alerts, new Map(minutes[i]!.map((f) => [f.site_id, f])));
  }
}
const bad = (n: number, z = 8) => Array.from({ length: n }, () => [feat({ site_id: 1, latency_z: z })]);
const good = (n: number) => Array.from({ length: n }, () => [feat({ site_id: 1, latency_z: 0 })]);

describe('heal loop', () => {
  it('acts, verifies and resolves, storing every transition with time, actor and reason', async () => {
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    const notices: TicketNotice[] = [];
    const ctl = new FakeController();
    const rule = zRule('fix', { runbook: 'restart_baseband' });
    const engine = new RuleEngine([rule]);
    const heal = loopOn(store, [rule], ctl, notices);
    await heal.init(T0);
    await drive(engine, heal, [...bad(3), ...good(4)]);
    const [t] = await store.list();
    expect(t!.state).toBe('resolved');
    expect(ctl.calls.map((c) => [c.runbook, c.siteIds, c.params.site_id])).toEqual([['restart_baseband', [1], '1']]);
    const d = (await store.detail(t!.ticketId))!;
    expect(d.events.filter((e) => e.kind === 'transition').map((e) => [e.atMs - T0, e.fromState, e.toState, e.actor]))
      .toEqual([[0, null, 'open', 'rule:fix'], [0, 'open', 'acting', 'rule:fix'], [0, 'acting', 'verifying', 'controller'], [5 * MIN, 'verifying', 'resolved', 'verifier']]);
    // verify.for is 2m: it held at minutes 3, 4 and 5 (first good minute is 3).
    expect(d.ticket.verifySinceMs).toBe(T0 + 3 * MIN);
    expect(d.events.every((e) => e.reason.length > 0)).toBe(true);
    expect(notices.map((n) => n.event.toState)).toEqual(['open', 'acting', 'verifying', 'resolved']);
    await store.close();
  });

  it('escalates when the runbook does not bring the KPI back within verify.within', async () => {
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    const rule = zRule('fix', { runbook: 'reroute_ai_traffic' });
    const engine = new RuleEngine([rule]);
    const heal = loopOn(store, [rule], new FakeController());
    await heal.init(T0);
    await drive(engine, heal, bad(12));
    const [t] = await store.list();
    expect(t!.state).toBe('escalated');
    expect(t!.closedAtMs! - t!.actedAtMs!).toBe(10 * MIN);
    // While its alert keeps firing, the escalated ticket still holds the group: no second ticket.
    await drive(engine, heal, bad(3), 12);
    expect((await store.list()).length).toBe(1);
    // Once the alert clears, the group is released into its cooldown (30 min from minute 15): the alert coming straight
    // back is the same incident, so no new ticket; a problem after the cooldown opens a new one.
    await drive(engine, heal, [...good(2), ...bad(2)], 15);
    expect((await store.list()).length).toBe(1);
    await drive(engine, heal, [...good(27), ...bad(2)], 19);
    // Newest first: the new ticket ran its runbook (minute 46) and is verifying; the old one stays escalated.
    expect((await store.list()).map((x) => [x.openedAtMs - T0, x.state])).toEqual([[46 * MIN, 'verifying'], [0, 'escalated']]);
    await store.close();
  });

  it('escalates when the controller fails, and when nothing diagnoses a notify-only ticket in time', async () => {
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    const fix = zRule('fix', { runbook: 'restart_baseband' });
    const heal = loopOn(store, [fix], new FakeController(async () => { throw new Error('SBI timeout'); }));
    await heal.init(T0);
    await drive(new RuleEngine([fix]), heal, bad(1));
    const [t] = await store.list();
    expect(t!.state).toBe('escalated');
    expect((await store.detail(t!.ticketId))!.events.at(-1)!.reason).toContain('SBI timeout');

    const store2 = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store2.init();
    const watch = zRule('watch');
    const heal2 = loopOn(store2, [watch], new FakeController());
    await heal2.init(T0);
    await drive(new RuleEngine([watch]), heal2, bad(21));
    const [t2] = await store2.list();
    expect(t2!.state).toBe('escalated');
    expect(t2!.closedAtMs! - t2!.openedAtMs).toBe(20 * MIN);
    await store.close();
    await store2.close();
  });

  it('a notify-only ticket resolves when its condition clears, then the cooldown blocks a re-open', async () => {
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    const watch = zRule('watch', { cooldown: '10m' });
    const engine = new RuleEngine([watch]);
    const heal = loopOn(store, [watch], new FakeController());
    await heal.init(T0);
    // Flaps: bad 2, good 1 (resolves at minute 2, cooldown to minute 12), bad again at 3..12 -> no ticket, at 13 -> new ticket.
    await drive(engine, heal, [...bad(2), ...good(1), ...bad(11)]);
    const list = (await store.list()).reverse();
    expect(list.map((t) => [t.openedAtMs - T0, t.state])).toEqual([[0, 'resolved'], [12 * MIN, 'open']]);
    expect(heal.stats.suppressedByCooldown).toBe(9);
    await store.close();
  });

  it('two evaluators (replicas) firing the same alert concurrently open exactly one ticket', async () => {
    const file = await tmpFile();
    const a = await DuckDbDriver.open(file);
    const b = await a.fork();
    const storeA = new TicketStore(a), storeB = new TicketStore(b);
    await storeA.init();
    const rule = zRule('watch');
    const loops = [loopOn(storeA, [rule], new FakeController()), loopOn(storeB, [rule], new FakeController())];
    for (const l of loops) await l.init(T0);
    const f = [feat({ site_id: 1, latency_z: 9 }), feat({ site_id: 2, latency_z: 9 })];
    const engines = [new RuleEngine([rule]), new RuleEngine([rule])];
    for (let m = 0; m < 3; m++) {
      await Promise.all(loops.map((l, i) => { engines[i]!.tick(f, T0 + m * MIN); return l.onTick(T0 + m * MIN, engines[i]!.alerts, new Map(f.map((x) => [x.site_id, x]))); }));
    }
    const tickets = await storeA.list();
    expect(tickets.map((t) => t.groupKey).sort()).toEqual(['site_id=1', 'site_id=2']);
    // Both replicas track the same ticket per group.
    expect(loops[0]!.liveTickets().map((t) => t.ticketId).sort()).toEqual(loops[1]!.liveTickets().map((t) => t.ticketId).sort());
    expect(loops[0]!.stats.conflicts + loops[1]!.stats.conflicts).toBeGreaterThanOrEqual(2);
    await storeB.close();
    await storeA.close();
  });

  it('resumes a ticket that was mid-remediation when the process stopped, without a duplicate', async () => {
    const file = await tmpFile();
    const rule = zRule('fix', { runbook: 'restart_baseband' });
    // First life: the controller call never returns (process killed while the BBU restart was in flight).
    const storeA = new TicketStore(await DuckDbDriver.open(file));
    await storeA.init();
    const hung = new FakeController(() => new Promise(() => undefined));
    const healA = new HealLoop({ store: storeA, controller: hung, rules: () => new Map([[rule.id, rule]]), controllerTimeoutMs: 60_000 });
    await healA.init(T0);
    const engineA = new RuleEngine([rule]);
    engineA.tick([feat({ site_id: 1, latency_z: 9 })], T0);
    void healA.onTick(T0, engineA.alerts, new Map([[1, feat({ site_id: 1, latency_z: 9 })]]));
    for (let i = 0; i < 50 && hung.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hung.calls.length).toBe(1);
    const mid = (await storeA.list())[0]!;
    expect([mid.state, mid.actionDone]).toEqual(['acting', false]);
    await storeA.close();

    // Second life: same state file, fresh process objects.
    const storeB = new TicketStore(await DuckDbDriver.open(file));
    await storeB.init();
    const ctl = new FakeController();
    const healB = loopOn(storeB, [rule], ctl);
    await healB.init(T0 + MIN);
    const engineB = new RuleEngine([rule]);
    await drive(engineB, healB, [...bad(2), ...good(3)], 1);
    const all = await storeB.list();
    expect(all.length).toBe(1);
    expect(all[0]!.ticketId).toBe(mid.ticketId);
    expect(all[0]!.state).toBe('resolved');
    expect(ctl.calls.length).toBe(1);
    const reasons = (await storeB.detail(mid.ticketId))!.events.map((e) => e.reason);
    expect(reasons.some((r) => r.startsWith('resumed after restart'))).toBe(true);
    await storeB.close();
  });

  it('acknowledge, comment and manual resolve are recorded with the user as actor', async () => {
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    const watch = zRule('watch');
    const heal = loopOn(store, [watch], new FakeController());
    await heal.init(T0);
    await drive(new RuleEngine([watch]), heal, bad(1));
    const [t] = await store.list();
    await heal.acknowledge(t!.ticketId, 'alice', T0 + MIN);
    await heal.comment(t!.ticketId, 'alice', 'looking at the BBU', T0 + 2 * MIN);
    await heal.resolve(t!.ticketId, 'bob', 'replaced SFP', T0 + 3 * MIN);
    await expect(heal.resolve(t!.ticketId, 'bob', 'again', T0 + 4 * MIN)).rejects.toThrow(/already resolved/);
    await expect(heal.comment(999, 'x', 'y', T0)).rejects.toThrow(/no ticket 999/);
    const d = (await store.detail(t!.ticketId))!;
    expect(d.ticket.acknowledgedBy).toBe('alice');
    expect(d.events.slice(1).map((e) => [e.kind, e.actor, e.reason])).toEqual([
      ['acknowledge', 'user:alice', 'acknowledged'], ['comment', 'user:alice', 'looking at the BBU'], ['transition', 'user:bob', 'replaced SFP'],
    ]);
    await store.close();
  });
});
