// Pins which older answers the explorer may keep showing: only views whose SQL is unchanged (same rating version);
// and how time buckets are cut by the range.
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../client/features/revenue/revenueQueries.js';
import { bucketDays, bucketEndMs } from '../../client/features/revenue/timeGrain.js';
import { requestKey, stillCurrent, type ExplorerResult } from '../../client/features/revenue/useRevenueViews.js';

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);
const views = { summary: null, overTime: [], arpu: [], provinces: [], models: [], breakdown: [], burn: [], upsell: null };
const answer = (filters = EMPTY_FILTERS, version = 3): ExplorerResult => ({ views, filters, version, queryMs: 1 });

describe('stillCurrent', () => {
  it('a grain change keeps every view but revenue over time', () => {
    const prev = answer();
    const next = { ...EMPTY_FILTERS, grain: 'week' as const };
    expect(stillCurrent(prev, 'summary', next, 3)).toBe(true);
    expect(stillCurrent(prev, 'breakdown', next, 3)).toBe(true);
    expect(stillCurrent(prev, 'overTime', next, 3)).toBe(false);
  });
  it('a date change keeps only the quota burn-down (this month, whatever the dates)', () => {
    const next = { ...EMPTY_FILTERS, fromMs: d('2026-11-24') };
    expect(stillCurrent(answer(), 'summary', next, 3)).toBe(false);
    expect(stillCurrent(answer(), 'burn', next, 3)).toBe(true);
    expect(stillCurrent(answer(), 'upsell', next, 3)).toBe(true);
  });
  it('a filter change or another rating version keeps nothing', () => {
    const next = { ...EMPTY_FILTERS, tierIds: [10] };
    for (const v of ['summary', 'overTime', 'arpu', 'provinces', 'models', 'breakdown', 'burn', 'upsell'] as const) {
      expect(stillCurrent(answer(), v, next, 3)).toBe(false);
      expect(stillCurrent(answer(), v, EMPTY_FILTERS, 4)).toBe(false);
    }
  });
  it('keys a request by filters and version', () => {
    expect(requestKey(EMPTY_FILTERS, 3)).toBe(requestKey({ ...EMPTY_FILTERS }, 3));
    expect(requestKey(EMPTY_FILTERS, 3)).not.toBe(requestKey(EMPTY_FILTERS, 4));
  });
});

describe('time buckets', () => {
  it('ends months on their real last day', () => {
    expect(bucketEndMs(d('2026-02-01'), 'month')).toBe(d('2026-03-01'));
    expect(bucketEndMs(d('2026-12-01'), 'month')).toBe(d('2027-01-01'));
    expect(bucketEndMs(d('2026-11-23'), 'week')).toBe(d('2026-11-30'));
  });
  it('cuts a bucket to the range and says so', () => {
    expect(bucketDays(d('2026-11-01'), 'month', { fromMs: d('2026-11-23'), toMs: d('2026-12-01') })).toEqual({ fromMs: d('2026-11-23'), toMs: d('2026-12-01'), partial: true });
    expect(bucketDays(d('2026-11-23'), 'day', { fromMs: d('2026-11-23'), toMs: d('2026-12-01') })).toEqual({ fromMs: d('2026-11-23'), toMs: d('2026-11-24'), partial: false });
  });
});
