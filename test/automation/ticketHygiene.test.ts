// Ticket hygiene: an escalated ticket's group cools down before a new ticket, flapping groups cool down longer, and a
// rule needs evidence in samples (not just minutes) before it fires.
import { describe, expect, it } from 'vitest';
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import { flapFactor, HealLoop } from '../../pipelines/heal/healLoop.js';
import { RecordingController } from '../../pipelines/heal/networkController.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import type { CompiledRule } from '../../pipelines/rules/ruleTypes.js';
import { feat, MIN, rule, T0, zRule } from './automationFixtures.js';

async function setup(rules: CompiledRule[]) {
  const store = new TicketStore(await DuckDbDriver.open(':memory:'));
  await store.init();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const heal = new HealLoop({ store, controller: new RecordingController(), rules: () => byId, diagnoseWithinMs: 20 * MIN });
  await heal.init(T0);
  return { store, heal, engine: new RuleEngine(rules) };
}

/** Feeds one site's latency_z per minute (null = no sample that minute) through engine and heal loop. */
async function drive(engine: RuleEngine, heal: HealLoop, zs: readonly (number | null)[], from = 0): Promise<void> {
  for (let i = 0; i < zs.length; i++) {
    const now = T0 + (from + i) * MIN;
    const z = zs[i];
    const f: SiteFeatures = feat({ site_id: 1, latency_z: z ?? 0, has_data: z !== null });
    engine.tick([f], now);
    await heal.onTick(now, engine.alerts, new Map([[1, f]]));
  }
}
const rep = (n: number, z: number | null) => Array.from({ length: n }, () => z);

describe('ticket hygiene', () => {
  it('an escalated ticket releases its group into a cooldown, so the alert coming straight back opens no new ticket', async () => {
    const { store, heal, engine } = await setup([zRule('watch', { cooldown: '30m' })]);
    // 21 bad minutes: the notify-only ticket escalates at minute 20 (nothing diagnosed it); good at 21 releases the group.
    await drive(engine, heal, [...rep(21, 8), 0, ...rep(10, 8)]);
    let list = (await store.list()).reverse();
    expect(list.map((t) => [t.openedAtMs - T0, t.state])).toEqual([[0, 'escalated']]);
    expect(list[0]!.cooldownUntilMs! - T0).toBe(21 * MIN + 30 * MIN);
    const released = (await store.detail(list[0]!.ticketId))!.events.find((e) => e.kind === 'released')!;
    expect(released.reason).toContain('cooldown until');
    expect(heal.stats.suppressedByCooldown).toBe(10);
    // After the cooldown a persisting problem may open a new ticket.
    await drive(engine, heal, rep(30, 8), 32);
    list = (await store.list()).reverse();
    expect(list.map((t) => t.openedAtMs - T0)).toEqual([0, 51 * MIN]);
    await store.close();
  });

  it('flap damping: each short ticket (alert came and went, no runbook) of a group within 6 h doubles its next cooldown', async () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(flapFactor)).toEqual([1, 1, 2, 4, 8, 8, 8]);
    const { store, heal, engine } = await setup([zRule('watch', { cooldown: '10m' })]);
    // Bad on even minutes, good on odd ones: ticket 1 at 0 closes at 1 (1 flap: cooldown 10 min), ticket 2 at 12 closes
    // at 13 (2 flaps: x2, 20 min), ticket 3 at 34 closes at 35 (x4: 40 min), ticket 4 at 76 closes at 77 (x8).
    const flap = Array.from({ length: 90 }, (_, m) => (m % 2 === 0 ? 8 : 0));
    await drive(engine, heal, flap);
    const list = (await store.list()).reverse();
    expect(list.map((t) => (t.openedAtMs - T0) / MIN)).toEqual([0, 12, 34, 76]);
    expect(list.map((t) => ((t.cooldownUntilMs ?? 0) - (t.closedAtMs ?? 0)) / MIN)).toEqual([10, 20, 40, 80]);
    expect(heal.stats.flapDamped).toBe(3);
    expect((await store.detail(list[2]!.ticketId))!.events.some((e) => e.reason.includes('flapping: 3 short tickets in 6 h, cooldown x4'))).toBe(true);
    await store.close();
  });

  it('long incidents are not flaps: a group with recurring real problems keeps its normal cooldown', async () => {
    const { store, heal, engine } = await setup([zRule('watch', { cooldown: '10m' })]);
    // Bad for 16 minutes, good for 10, three times: each ticket lived 16 min (> 15), so no damping.
    const cycle = [...rep(16, 8), ...rep(10, 0)];
    await drive(engine, heal, [...cycle, ...cycle, ...cycle]);
    const list = (await store.list()).reverse();
    expect(list.map((t) => ((t.cooldownUntilMs ?? 0) - (t.closedAtMs ?? 0)) / MIN)).toEqual([10, 10, 10]);
    expect(heal.stats.flapDamped).toBe(0);
    await store.close();
  });

  it('flaps survive a restart: the store knows which recent tickets were short', async () => {
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    const rules = [zRule('watch', { cooldown: '10m' })];
    const byId = new Map(rules.map((r) => [r.id, r]));
    const first = new HealLoop({ store, controller: new RecordingController(), rules: () => byId });
    await first.init(T0);
    await drive(new RuleEngine(rules), first, [8, 0]);
    const second = new HealLoop({ store, controller: new RecordingController(), rules: () => byId });
    await second.init(T0 + 5 * MIN);
    // The restarted loop still counts the flap at minute 1: the next short ticket gets a x2 cooldown.
    await drive(new RuleEngine(rules), second, [8, 0], 11);
    const list = (await store.list()).reverse();
    expect(list.map((t) => ((t.cooldownUntilMs ?? 0) - (t.closedAtMs ?? 0)) / MIN)).toEqual([10, 20]);
    await store.close();
  });
});

describe('what the ticket says', () => {
  it('names the KPIs that moved together and how far, and says when the baseline was still warming up', async () => {
    const { store, heal, engine } = await setup([zRule('watch')]);
    const f = feat({ site_id: 1, latency_z: 8, kpis_moved: 2, moved_kpis: 'latency_ms +6.2, dl_mbps −5.1', baseline_ready: false });
    engine.tick([f], T0);
    await heal.onTick(T0, engine.alerts, new Map([[1, f]]));
    const [t] = await store.list();
    const opened = (await store.detail(t!.ticketId))!.events[0]!;
    expect(opened.reason).toContain('moved together (scale-free scores): latency_ms +6.2, dl_mbps −5.1');
    expect(opened.reason).toContain('baseline still warming up');
    expect((opened.data as { features: { moved_kpis: string } }).features.moved_kpis).toBe('latency_ms +6.2, dl_mbps −5.1');
    await store.close();
  });
});

describe('evidence in samples', () => {
  const r = rule(`id: ev
when: "latency_z >= 4"
for: 2m
group_by: [site_id]
`);

  it('defaults to one sample per minute of `for` plus the first', () => {
    expect(r.forSamples).toBe(3);
    expect(rule(`id: x\nwhen: "latency_z >= 4"\nfor: 0m\n`).forSamples).toBe(1);
    expect(rule(`id: x\nwhen: "latency_z >= 4"\nfor: 1m\nfor_samples: 5\n`).forSamples).toBe(5);
  });

  it('a single outlying sample held across sparse minutes never fires; three fresh samples do', async () => {
    const e = new RuleEngine([r]);
    const events: string[] = [];
    // One sample every 3 minutes: with minutes alone the alert would fire 2 minutes after the first outlier.
    const zs: (number | null)[] = [8, null, null, 0, null, null, 8, null, null, 8, null, null, 8];
    zs.forEach((z, m) => {
      for (const ev of e.tick([feat({ site_id: 1, latency_z: z ?? 0, has_data: z !== null })], T0 + m * MIN)) events.push(`${ev.kind}@${m}`);
    });
    // Minute 0: pending; minute 3: a fresh good sample cancels it; 6, 9, 12: three fresh outliers -> firing at 12.
    expect(events).toEqual(['pending@0', 'cancelled@3', 'pending@6', 'firing@12']);
  });

  it('minutes without a sample neither confirm nor clear an alert, until the feed has been silent too long', async () => {
    const e = new RuleEngine([zRule('z')]);
    const events: string[] = [];
    const zs: (number | null)[] = [8, null, null, null, 8, ...rep(11, null)];
    zs.forEach((z, m) => {
      for (const ev of e.tick([feat({ site_id: 1, latency_z: z ?? 0, has_data: z !== null })], T0 + m * MIN)) events.push(`${ev.kind}@${m}`);
    });
    // Fires at 0; silent 1-3 keeps it; sample at 4; silent from 5: resolved once more than 10 min passed since minute 4.
    expect(events).toEqual(['pending@0', 'firing@0', 'resolved@15']);
  });

  it('a rule about a stopped feed is judged on minutes without data', async () => {
    const stopped = rule(`id: feed-stopped\nwhen: "stale_minutes >= 3"\nfor: 0m\n`);
    expect(stopped.judgesMissingData).toBe(true);
    const e = new RuleEngine([stopped]);
    const fired: number[] = [];
    [1, 2, 3, 4].forEach((stale, m) => {
      for (const ev of e.tick([feat({ site_id: 1, has_data: false, stale_minutes: stale })], T0 + m * MIN)) if (ev.kind === 'firing') fired.push(m);
    });
    expect(fired).toEqual([2]);
  });

  it('rejects a for_samples that is not a whole number from 1 to 1440', () => {
    expect(() => rule(`id: x\nwhen: "latency_z >= 4"\nfor_samples: 0\n`)).toThrow(/whole number of samples/);
    expect(() => rule(`id: x\nwhen: "latency_z >= 4"\nfor_samples: 2.5\n`)).toThrow(/whole number of samples/);
  });
});
