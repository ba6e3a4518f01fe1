import { describe, expect, it } from 'vitest';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);

function kpi(ts: number, site = 1) {
  return { ts, site_id: site, latency_ms: 10, jitter_ms: 1, loss_pct: 0, dl_mbps: 100, ul_mbps: 20, prb_util: 0.3, active_users: 5 };
}

describe('hot window', () => {
  it('selects by time range with binary search inside time-sorted chunks', () => {
    const hot = new HotWindow(24, T0 + 24 * H);
    hot.append('kpi', [kpi(T0 + 3 * H), kpi(T0 + H), kpi(T0 + 2 * H)]);
    hot.append('kpi', [kpi(T0 + 5 * H)]);
    expect(hot.count('kpi', {})).toBe(4);
    expect(hot.count('kpi', { fromMs: T0 + 2 * H })).toBe(3);
    expect(hot.count('kpi', { fromMs: T0 + 2 * H, toMs: T0 + 5 * H })).toBe(2);
    const ts = hot.select('kpi', {}).flatMap((t) => [...t.getChild('ts')!].map(Number));
    expect(ts).toEqual([T0 + H, T0 + 2 * H, T0 + 3 * H, T0 + 5 * H]);
  });

  it('counts as of a sequence number', () => {
    const hot = new HotWindow(24, T0 + 24 * H);
    const a = hot.append('kpi', [kpi(T0 + H)])!;
    hot.append('kpi', [kpi(T0 + 2 * H)]);
    expect(hot.count('kpi', { atSeq: a.seq })).toBe(1);
    expect(hot.count('kpi', {})).toBe(2);
    expect(hot.chunksAfter(a.seq).map((c) => c.seq)).toEqual([a.seq + 1]);
  });

  it('never evicts unflushed chunks; evicts flushed ones past the window', () => {
    const hot = new HotWindow(1, T0 + H);
    hot.append('kpi', [kpi(T0 + H)]);
    hot.evict(T0 + 5 * H);
    expect(hot.count('kpi', {})).toBe(1);
    expect(hot.coverageStartMs).toBe(T0 + H);
    for (const c of hot.unflushed()) c.flushed = true;
    hot.evict(T0 + 5 * H);
    expect(hot.count('kpi', {})).toBe(0);
    expect(hot.coverageStartMs).toBe(T0 + 4 * H);
  });

  it('keeps to its byte budget by dropping the oldest flushed chunks, never unflushed ones', () => {
    const probe = new HotWindow(24, T0 + 24 * H);
    probe.append('kpi', Array.from({ length: 100 }, (_, i) => kpi(T0 + H + i)));
    const perChunk = probe.bytes;
    // Room for about three chunks of 100 rows; ten hours of them arrive, one chunk per hour.
    const hot = new HotWindow(24, T0 + 24 * H, 0, perChunk * 3.5);
    for (let h = 1; h <= 10; h++) hot.append('kpi', Array.from({ length: 100 }, (_, i) => kpi(T0 + h * H + i)));
    hot.evict(T0 + 11 * H);
    // Nothing is flushed yet: accepted rows are never dropped, whatever the budget.
    expect(hot.count('kpi', {})).toBe(1000);
    expect(hot.budgetEvictions).toBe(0);
    for (const c of hot.unflushed()) if (c.maxTs < T0 + 9 * H) c.flushed = true;
    hot.evict(T0 + 11 * H);
    // The newest three chunks fit; the coverage start moves past the fourth newest (its rows are read from the lake).
    expect(hot.count('kpi', {})).toBe(300);
    expect(hot.coverageStartMs).toBe(T0 + 7 * H + 99 + 1);
    expect(hot.bytes).toBeLessThanOrEqual(perChunk * 3.5);
    expect(hot.budgetEvictions).toBe(1);
  });

  it('loads lake rows as hourly chunks with seq 0', () => {
    const hot = new HotWindow(24, T0 + 24 * H, 1000);
    const rows = [kpi(T0), kpi(T0 + 10), kpi(T0 + H), kpi(T0 + 2 * H + 5)];
    const cols = Object.fromEntries(Object.keys(rows[0]!).map((k) => [k, rows.map((r) => (r as Record<string, unknown>)[k])]));
    expect(hot.addFromLake('kpi', cols)).toBe(4);
    expect(hot.chunksAfter(-1).map((c) => [c.seq, c.data.numRows])).toEqual([[0, 2], [0, 1], [0, 1]]);
    expect(hot.append('kpi', [kpi(T0 + 3 * H)])!.seq).toBe(1001);
    expect(hot.chunksAfter(0).length).toBe(1);
  });
});
