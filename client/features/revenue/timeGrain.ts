// Time buckets of the revenue-over-time chart (UTC day, ISO week from Monday, calendar month) and their days inside a range.
import type { TimeGrain } from './revenueQueries.js';
import { DAY_MS } from './dateRange.js';

export const TIME_GRAINS: readonly TimeGrain[] = ['day', 'week', 'month'];

/** The end (exclusive) of the bucket starting at `startMs`; months have their real length. */
export function bucketEndMs(startMs: number, grain: TimeGrain): number {
  if (grain === 'day') return startMs + DAY_MS;
  if (grain === 'week') return startMs + 7 * DAY_MS;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The part of a bucket inside [fromMs, toMs): a range starting mid-week makes a short first week. */
export function bucketDays(startMs: number, grain: TimeGrain, range: { fromMs: number; toMs: number }): { fromMs: number; toMs: number; partial: boolean } {
  const end = bucketEndMs(startMs, grain);
  const fromMs = Math.max(startMs, range.fromMs);
  const toMs = Math.min(end, range.toMs);
  return { fromMs, toMs, partial: fromMs !== startMs || toMs !== end };
}
