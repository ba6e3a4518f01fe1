// Where the NOC answers each request: the browser for every window once it holds the rollups (replays on the 5-minute
// grid, a live 7 d from the first whole bucket, usage rows fetched only for a past window inside one day), the server
// without rollups; and how a drill-down splits between the browser's series and the server's raw rows.
import { describe, expect, it } from 'vitest';
import { rollupRawNeeds } from '../../domain/assurance/assuranceRollupSql.js';
import { bucketMsFor, planBrowserWindow, planDetail, replayEndMs } from '../../client/features/noc/nocWindowPlan.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A data clock 37 minutes into a day; the browser holds raw rows from the hour 24 h before it.
const CLOCK = Date.UTC(2026, 10, 30) + 37 * MIN;
const SINCE = CLOCK - 37 * MIN - DAY;
const held = { clockMs: CLOCK, sinceMs: SINCE, rollups: true };

describe('planBrowserWindow', () => {
  it('live 1 h and 24 h: from the clock back, every raw edge inside what the browser holds', () => {
    for (const [windowKey, len] of [['1h', HOUR], ['24h', DAY]] as const) {
      const p = planBrowserWindow({ windowKey, replayToMs: null }, held)!;
      expect(p).toMatchObject({ window: { fromMs: CLOCK - len, toMs: CLOCK }, via: 'rollup', fetchUsage: null, shortened: false });
      expect(rollupRawNeeds(p.window).kpi.every((r) => r.fromMs >= SINCE)).toBe(true);
    }
  });

  it('live 7 d starts on the first whole bucket (its head is not held raw): up to 4 minutes short, no raw row before the holdings', () => {
    const p = planBrowserWindow({ windowKey: '7d', replayToMs: null }, held)!;
    expect(p.window).toEqual({ fromMs: CLOCK - 7 * DAY + 3 * MIN, toMs: CLOCK });
    expect(p.fetchUsage).toBeNull();
    expect(rollupRawNeeds(p.window).kpi.every((r) => r.fromMs >= SINCE)).toBe(true);
  });

  it('replays snap to the 5-minute grid and read no raw KPI row; a past window inside one day fetches its usage rows', () => {
    const at = CLOCK - 3 * DAY + 2 * HOUR + 7 * MIN + 30_000;
    expect(replayEndMs(at)).toBe(CLOCK - 3 * DAY + 2 * HOUR + 3 * MIN);
    const oneHour = planBrowserWindow({ windowKey: '1h', replayToMs: at }, held)!;
    expect(oneHour.window).toEqual({ fromMs: replayEndMs(at) - HOUR, toMs: replayEndMs(at) });
    expect(rollupRawNeeds(oneHour.window).kpi).toEqual([]);
    expect(oneHour.fetchUsage).toEqual(oneHour.window);
    // A 24 h replay spans two days: head and tail days come from first_ts / last_ts, nothing is fetched.
    expect(planBrowserWindow({ windowKey: '24h', replayToMs: at }, held)!.fetchUsage).toBeNull();
    // A 1 h replay inside the held rows uses the browser's own usage.
    expect(planBrowserWindow({ windowKey: '1h', replayToMs: CLOCK - 2 * HOUR }, held)!.fetchUsage).toBeNull();
  });

  it('without rollups: live 1 h / 24 h from raw rows (cut to the holdings, said so), 7 d and replays on the server', () => {
    const none = { ...held, rollups: false };
    expect(planBrowserWindow({ windowKey: '24h', replayToMs: null }, { ...none, sinceMs: CLOCK - 20 * HOUR }))
      .toEqual({ window: { fromMs: CLOCK - 20 * HOUR, toMs: CLOCK }, via: 'raw', fetchUsage: null, shortened: true });
    expect(planBrowserWindow({ windowKey: '1h', replayToMs: null }, none)?.shortened).toBe(false);
    expect(planBrowserWindow({ windowKey: '7d', replayToMs: null }, none)).toBeNull();
    expect(planBrowserWindow({ windowKey: '1h', replayToMs: CLOCK - HOUR }, none)).toBeNull();
  });
});

describe('planDetail', () => {
  it('buckets: ~300 points; past 5 minutes whole kpi_5m buckets', () => {
    expect(bucketMsFor({ fromMs: 0, toMs: HOUR })).toBe(MIN);
    expect(bucketMsFor({ fromMs: 0, toMs: DAY })).toBe(5 * MIN);
    expect(bucketMsFor({ fromMs: 0, toMs: 7 * DAY })).toBe(35 * MIN);
  });

  it('series from the rollup, lists from the browser when it holds the window, else from the server', () => {
    const live24 = { fromMs: CLOCK - DAY, toMs: CLOCK };
    expect(planDetail(live24, { sinceMs: SINCE, rollups: true })).toEqual({ bucketMs: 5 * MIN, series: 'rollup', lists: 'browser' });
    const live7 = planBrowserWindow({ windowKey: '7d', replayToMs: null }, held)!.window;
    expect(planDetail(live7, { sinceMs: SINCE, rollups: true })).toEqual({ bucketMs: 35 * MIN, series: 'rollup', lists: 'server' });
    // 1-minute buckets: raw rows, the browser's when held.
    expect(planDetail({ fromMs: CLOCK - HOUR, toMs: CLOCK }, { sinceMs: SINCE, rollups: true }).series).toBe('raw');
    expect(planDetail({ fromMs: CLOCK - 3 * DAY - HOUR, toMs: CLOCK - 3 * DAY }, { sinceMs: SINCE, rollups: true })).toEqual({ bucketMs: MIN, series: 'server', lists: 'server' });
    // A window cut mid-bucket before the holdings cannot be drawn from kpi_5m alone.
    expect(planDetail({ fromMs: CLOCK - 2 * DAY + MIN, toMs: CLOCK }, { sinceMs: SINCE, rollups: true }).series).toBe('server');
    expect(planDetail(live7, { sinceMs: SINCE, rollups: false }).series).toBe('server');
  });
});
