// Rule state machine: for, resolve, flapping, keep_firing_for, silences with expiry, disabled rules.
import { describe, expect, it } from 'vitest';
import { RuleEngine, type AlertEvent, type Silence } from '../../pipelines/rules/ruleEngine.js';
import { feat, MIN, T0, zRule } from './automationFixtures.js';

/** Runs the engine over a per-minute z sequence for one site; returns events as 'kind@minute'. */
function run(engine: RuleEngine, zs: number[], silences: Silence[] = []): string[] {
  const out: string[] = [];
  zs.forEach((z, m) => {
    for (const e of engine.tick([feat({ site_id: 1, latency_z: z })], T0 + m * MIN, silences)) out.push(`${e.kind}@${m}`);
  });
  return out;
}

describe('rule state machine', () => {
  it('goes pending, then firing once `for` has elapsed, then resolved', () => {
    const e = new RuleEngine([zRule('r', { for: '2m' })]);
    expect(run(e, [0, 5, 5, 5, 5, 0, 0])).toEqual(['pending@1', 'firing@3', 'resolved@5']);
  });

  it('fires immediately with for: 0 and resolves the tick the condition stops holding', () => {
    const e = new RuleEngine([zRule('r')]);
    expect(run(e, [5, 5, 0])).toEqual(['pending@0', 'firing@0', 'resolved@2']);
  });

  it('a flapping condition shorter than `for` never fires', () => {
    const e = new RuleEngine([zRule('r', { for: '2m' })]);
    expect(run(e, [5, 5, 0, 5, 5, 0, 5, 0, 5, 5, 0])).toEqual([
      'pending@0', 'cancelled@2', 'pending@3', 'cancelled@5', 'pending@6', 'cancelled@7', 'pending@8', 'cancelled@10',
    ]);
  });

  it('keep_firing_for bridges short gaps in a firing alert', () => {
    const e = new RuleEngine([zRule('r', { keep: '2m' })]);
    // Gaps of 1 and 2 minutes are bridged; a longer gap resolves 3 minutes after the last true tick (minute 5).
    expect(run(e, [5, 0, 5, 0, 0, 5, 0, 0, 0, 0])).toEqual(['pending@0', 'firing@0', 'resolved@8']);
  });

  it('silences mark alerts while active, and stop doing so at expiry', () => {
    const e = new RuleEngine([zRule('r')]);
    const s: Silence = { id: 's', matchers: { site_id: '1', rule: 'r' }, startsMs: T0, endsMs: T0 + 3 * MIN, createdBy: 't', comment: '' };
    const silencedAt: boolean[] = [];
    for (let m = 0; m < 5; m++) {
      e.tick([feat({ site_id: 1, latency_z: 5 })], T0 + m * MIN, [s]);
      silencedAt.push(e.firing()[0]!.silenced);
    }
    expect(silencedAt).toEqual([true, true, true, false, false]);
  });

  it('a silence only matches alerts whose labels all match', () => {
    const e = new RuleEngine([zRule('r')]);
    const s: Silence = { id: 's', matchers: { site_id: '2' }, startsMs: T0, endsMs: T0 + 10 * MIN, createdBy: 't', comment: '' };
    e.tick([feat({ site_id: 1, latency_z: 5 }), feat({ site_id: 2, latency_z: 5 })], T0, [s]);
    expect(e.firing().map((a) => [a.siteId, a.silenced])).toEqual([[1, false], [2, true]]);
  });

  it('resolves alerts of a rule that gets disabled', () => {
    const r = zRule('r');
    const e = new RuleEngine([r]);
    e.tick([feat({ site_id: 1, latency_z: 5 })], T0);
    e.rules = [{ ...r, enabled: false }];
    const ev: AlertEvent[] = e.tick([feat({ site_id: 1, latency_z: 5 })], T0 + MIN);
    expect(ev.map((x) => x.kind)).toEqual(['resolved']);
    expect(e.alerts).toEqual([]);
  });

  it('groups alerts by the group_by labels', () => {
    const e = new RuleEngine([zRule('r', { groupBy: 'transport_node_id' })]);
    e.tick([feat({ site_id: 1, transport_node_id: 7, latency_z: 5 }), feat({ site_id: 2, transport_node_id: 7, latency_z: 5 }), feat({ site_id: 3, transport_node_id: 8, latency_z: 5 })], T0);
    expect(e.firing().map((a) => a.groupKey)).toEqual(['transport_node_id=7', 'transport_node_id=7', 'transport_node_id=8']);
  });
});
