// The two things the browser's NOC fetches beside its own data: usage rows of a past window (fetched once per window,
// the last few kept, a reused table never overwritten by a late answer) and the server's rating (in the background,
// live windows every 30 s, a replay once, failures retried later).
import { describe, expect, it } from 'vitest';
import { WindowUsageCache, windowUsageUrl } from '../../client/features/noc/windowUsageCache.js';
import { REVENUE_REFRESH_MS, RevenueFeed } from '../../client/features/noc/nocRevenueFeed.js';
import type { AssuranceWindow } from '../../domain/assurance/latencyAssurance.js';

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const win = (h: number): AssuranceWindow => ({ fromMs: h * 3_600_000, toMs: (h + 1) * 3_600_000 });

describe('WindowUsageCache', () => {
  function setup(slots = 2) {
    const loads: Array<{ table: string; ipc: Uint8Array }> = [];
    const fetches = new Map<number, ReturnType<typeof deferred<Uint8Array>>>();
    const cache = new WindowUsageCache(
      { replaceTable: async (table, createSql, ipc) => { expect(createSql).toContain(`"${table}"`); loads.push({ table, ipc }); } },
      (w) => { const d = deferred<Uint8Array>(); fetches.set(w.fromMs / 3_600_000, d); return d.promise; },
      slots,
    );
    return { loads, fetches, cache };
  }

  it('asks the data plane for the window\'s rows and the columns the queries read', () => {
    expect(windowUsageUrl(win(5))).toBe('/data/usage?from=18000000&to=21600000&columns=site_id,account_id,ts,tokens_in,tokens_out');
  });

  it('fetches a window once, reuses it, and evicts the least recently used', async () => {
    const { loads, fetches, cache } = setup();
    const a = cache.tableFor(win(1));
    expect(cache.tableFor(win(1))).toBe(a);
    await tick();
    fetches.get(1)!.resolve(new Uint8Array([1]));
    expect(await a).toBe('"noc_window_usage_0"');
    const b = cache.tableFor(win(2));
    await tick();
    fetches.get(2)!.resolve(new Uint8Array([2]));
    expect(await b).toBe('"noc_window_usage_1"');
    await cache.tableFor(win(1)); // window 1 used again: window 2 is now the oldest
    const c = cache.tableFor(win(3));
    await tick();
    fetches.get(3)!.resolve(new Uint8Array([3]));
    expect(await c).toBe('"noc_window_usage_1"');
    expect(loads.map((l) => [l.table, l.ipc[0]])).toEqual([['noc_window_usage_0', 1], ['noc_window_usage_1', 2], ['noc_window_usage_1', 3]]);
    expect(fetches.size).toBe(3);
  });

  it('a window evicted while loading fills its table before the next window does', async () => {
    const { loads, fetches, cache } = setup(1);
    const first = cache.tableFor(win(1));
    const second = cache.tableFor(win(2)); // takes the only slot while window 1 is still in flight
    await tick();
    expect(fetches.has(2)).toBe(false);
    fetches.get(1)!.resolve(new Uint8Array([1]));
    await first;
    await tick();
    fetches.get(2)!.resolve(new Uint8Array([2]));
    await second;
    expect(loads.map((l) => l.ipc[0])).toEqual([1, 2]);
  });

  it('a failed fetch is not kept: the next ask fetches again', async () => {
    const { fetches, cache } = setup();
    const a = cache.tableFor(win(4));
    await tick();
    fetches.get(4)!.reject(new Error('HTTP 503'));
    await expect(a).rejects.toThrow('503');
    await tick();
    const again = cache.tableFor(win(4));
    expect(again).not.toBe(a);
    await tick();
    fetches.get(4)!.resolve(new Uint8Array([4]));
    expect(await again).toBe('"noc_window_usage_0"');
  });
});

describe('RevenueFeed', () => {
  function setup() {
    let now = 1_000_000;
    const asked: AssuranceWindow[] = [];
    const answers: Array<ReturnType<typeof deferred<{ window: AssuranceWindow; revenue: never[]; rating: unknown }>>> = [];
    const arrived: string[] = [];
    const feed = new RevenueFeed((w) => { asked.push(w); const d = deferred<{ window: AssuranceWindow; revenue: never[]; rating: unknown }>(); answers.push(d); return d.promise; },
      (k) => arrived.push(k), () => now);
    return { feed, asked, answers, arrived, advance: (ms: number) => { now += ms; } };
  }

  it('never waits: nothing known until the rating arrives, then announced for its request', async () => {
    const { feed, asked, answers, arrived } = setup();
    expect(feed.current('7d|live', win(1), true)).toEqual({ window: null, revenue: [], error: null });
    expect(feed.current('7d|live', win(1), true).window).toBeNull();
    expect(asked).toHaveLength(1); // one request in flight, not one per refresh
    answers[0]!.resolve({ window: win(1), revenue: [], rating: { version: 1 } });
    await tick();
    expect(arrived).toEqual(['7d|live']);
    expect(feed.current('7d|live', win(2), true).window).toEqual(win(1));
  });

  it('a live window refetches after REVENUE_REFRESH_MS; a replay keeps its rating', async () => {
    const { feed, asked, answers, advance } = setup();
    feed.current('24h|live', win(1), true);
    feed.current('24h|5', win(5), false);
    answers[0]!.resolve({ window: win(1), revenue: [], rating: {} });
    answers[1]!.resolve({ window: win(5), revenue: [], rating: {} });
    await tick();
    advance(REVENUE_REFRESH_MS);
    feed.current('24h|live', win(2), true);
    feed.current('24h|5', win(5), false);
    expect(asked).toEqual([win(1), win(5), win(2)]);
  });

  it('a failure is said, and asked again only after REVENUE_REFRESH_MS; no rating yet is asked again too', async () => {
    const { feed, asked, answers, advance } = setup();
    feed.current('1h|9', win(9), false);
    answers[0]!.reject(new Error('rating down'));
    await tick();
    expect(feed.current('1h|9', win(9), false)).toMatchObject({ window: null, error: 'rating down' });
    expect(asked).toHaveLength(1);
    advance(REVENUE_REFRESH_MS);
    feed.current('1h|9', win(9), false);
    answers[1]!.resolve({ window: win(9), revenue: [], rating: null });
    await tick();
    expect(feed.current('1h|9', win(9), false)).toEqual({ window: null, revenue: [], error: null });
    advance(REVENUE_REFRESH_MS);
    feed.current('1h|9', win(9), false);
    expect(asked).toHaveLength(3);
  });
});
