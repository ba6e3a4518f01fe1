// The explorer's view in the URL (#/revenue?tiers=10&segments=sme&from=2026-11-23&to=2026-11-29&grain=week&metric=tokens):
// shareable, restored in a new tab, walked by back/forward. Dates stay as written; the page validates them against the lake.
import { param, type ParamCodec } from '../../app/hashRoute.js';
import { resolveRange, type LakeDays, type ResolvedRange } from './dateRange.js';
import { EMPTY_FILTERS, type RevenueFilters, type TimeGrain } from './revenueQueries.js';
import { TIME_GRAINS } from './timeGrain.js';

/** The model-mix measure as the URL names it. */
export const MODEL_METRIC_KEYS = ['margin', 'cost', 'revenue', 'tokens'] as const;
export type ModelMetricKey = (typeof MODEL_METRIC_KEYS)[number];

// A type, not an interface: the URL codec needs an object type with an index signature.
export type RevenueView = {
  tiers: number[];
  segments: string[];
  regions: string[];
  provinces: string[];
  channels: string[];
  models: string[];
  grain: TimeGrain;
  /** First day (ISO, as written); null = from the first rated day. */
  from: string | null;
  /** Last day, inclusive (ISO, as written); null = to the last rated day. */
  to: string | null;
  metric: ModelMetricKey;
};

/** A comma-separated list of non-negative integers (anything else in it is dropped). */
function intList(key: string): ParamCodec<number[]> {
  const list = param.list(key);
  return {
    read: (p) => [...new Set(list.read(p).map(Number).filter((n) => Number.isSafeInteger(n) && n >= 0))],
    write: (v, p) => list.write(v.map(String), p),
  };
}

/** A list without repeats (a hand-edited link may repeat a value). */
function uniqueList(key: string): ParamCodec<string[]> {
  const list = param.list(key);
  return { read: (p) => [...new Set(list.read(p))], write: list.write };
}

export const REVENUE_VIEW_CODEC: ParamCodec<RevenueView> = param.object<RevenueView>({
  tiers: intList('tiers'),
  segments: uniqueList('segments'),
  regions: uniqueList('regions'),
  provinces: uniqueList('provinces'),
  channels: uniqueList('channels'),
  models: uniqueList('models'),
  grain: param.oneOf('grain', TIME_GRAINS, 'day'),
  from: param.text('from'),
  to: param.text('to'),
  metric: param.oneOf('metric', MODEL_METRIC_KEYS, 'margin'),
});

export const DEFAULT_VIEW: RevenueView = REVENUE_VIEW_CODEC.read(new URLSearchParams());

/** Number of dimension filters set (not the grain or the dates). */
export function activeFilterCount(v: RevenueView): number {
  return v.tiers.length + v.segments.length + v.regions.length + v.provinces.length + v.channels.length + v.models.length;
}

export function withoutDimensionFilters(v: RevenueView): RevenueView {
  return { ...v, tiers: [], segments: [], regions: [], provinces: [], channels: [], models: [] };
}

export function toggleIn<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/** The SQL filters the view asks for, and what became of its dates (clamped, or refused with the reason). */
export function filtersOfView(v: RevenueView, lake: LakeDays | null): { filters: RevenueFilters; range: ResolvedRange } {
  const range = resolveRange(v.from, v.to, lake);
  return {
    filters: {
      ...EMPTY_FILTERS, tierIds: v.tiers, segments: v.segments, regions: v.regions, provinces: v.provinces, channels: v.channels, models: v.models,
      grain: v.grain, fromMs: range.fromMs, toMs: range.toMs,
    },
    range,
  };
}
