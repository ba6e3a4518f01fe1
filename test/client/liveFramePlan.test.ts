// Pins the snapshot/live overlap rule: skip, plain insert, or keyed insert for straddling frames.
import { describe, expect, it } from 'vitest';
import { planLiveFrame } from '../../client/dataSync/liveFramePlan.js';

describe('planLiveFrame', () => {
  it('skips frames the snapshot already holds', () => {
    expect(planLiveFrame(10, 8, 10)).toBe('skip');
    expect(planLiveFrame(9, 8, 10)).toBe('skip');
  });
  it('inserts frames wholly after the snapshot', () => {
    expect(planLiveFrame(11, 10, 10)).toBe('insert');
    expect(planLiveFrame(15, 12, 10)).toBe('insert');
  });
  it('dedupes a frame whose range (prev, seq] contains the snapshot seq', () => {
    expect(planLiveFrame(12, 8, 10)).toBe('insert-dedupe');
    expect(planLiveFrame(11, 9, 10)).toBe('insert-dedupe');
  });
  it('walks a subscription from min(S_t) to the end without double counting', () => {
    // Snapshot seqs: usage 7, kpi 5 -> subscribe after 5. Frames (table, seq), one batch each.
    const snap = { usage: 7, kpi: 5 } as const;
    const prev: Record<'usage' | 'kpi', number> = { usage: 5, kpi: 5 };
    const frames: Array<['usage' | 'kpi', number]> = [['usage', 6], ['kpi', 7], ['usage', 8], ['kpi', 9]];
    const acts = frames.map(([t, s]) => { const a = planLiveFrame(s, prev[t], snap[t]); prev[t] = s; return a; });
    // usage 6 is in the usage snapshot; kpi 7 is newer than kpi's snapshot (5) but its range (5,7]
    // does not contain 5 -> plain insert; usage 8's range (6,8] contains 7 -> keyed insert.
    expect(acts).toEqual(['skip', 'insert', 'insert-dedupe', 'insert']);
  });
});
