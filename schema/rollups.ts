// Rollups: the pre-aggregated tables every dashboard reads (DESIGN.md "Rollup-first data plane"), declared once.
// Server (DuckDB node: written to the lake beside the raw Parquet), browser (DuckDB-WASM: loaded as ready-made files and
// kept current from live batches) and tests use these specs and this SQL, so all three agree on what a rollup holds.
//
// Every rollup is additive: rows built from disjoint sets of raw rows may share a key, and a query sums them (counts,
// sums) or takes max/min. So a live batch's rollup rows can be inserted next to the lake's without a merge, and a
// day's rollup can be rebuilt from its raw files at any time and give the same answers.
import { col, duckdbTypeOf, type TableSpec } from './columns.js';
import { quoteIdent } from './duckdbSql.js';
import type { FactTable } from './tables.js';

/**
 * Latency targets (ms) and uplink targets (Mbps) whose compliant minutes kpi_5m counts. Every service class of the
 * default catalog is among them; a catalog target that is not falls back to the raw path (rollupCoversTargets).
 */
export const ROLLUP_LATENCY_TARGETS_MS = [20, 30, 40, 50, 60, 80, 100, 150, 200] as const;
export const ROLLUP_UPLINK_TARGETS_MBPS = [5, 10, 20, 50] as const;

/** Column of minutes whose worst latency is within a target (same alias as the assurance SQL's count of it). */
export function latencyOkColumn(ms: number): string { return `lat_le_${String(ms).replace('.', '_')}`; }
export function uplinkOkColumn(mbps: number): string { return `ul_ge_${String(mbps).replace('.', '_')}`; }

/** True when kpi_5m counts every target asked for, so assurance can be read from it exactly. */
export function rollupCoversTargets(t: { latencyMs: readonly number[]; uplinkMbps: readonly number[] }): boolean {
  return t.latencyMs.every((x) => (ROLLUP_LATENCY_TARGETS_MS as readonly number[]).includes(x))
    && t.uplinkMbps.every((x) => (ROLLUP_UPLINK_TARGETS_MBPS as readonly number[]).includes(x));
}

/**
 * Log-binned latency histogram: bin b holds samples in [R^b, R^(b+1)) ms. Reading a bin as its geometric middle is
 * within sqrt(R) - 1 (just under 1 %) of every sample in it, so a percentile read from the histogram is within 1 %
 * of the exact nearest-rank percentile.
 */
export const LATENCY_BIN_RATIO = 1.02;
/** Relative error bound of a percentile read from the histogram (tested). */
export const LATENCY_PERCENTILE_BOUND = Math.sqrt(LATENCY_BIN_RATIO) - 1;
/** Lowest latency given its own bin; anything below (e.g. 0 ms) shares it. */
const LATENCY_FLOOR_MS = 0.01;

export function latencyBinOf(ms: number): number {
  return Math.floor(Math.log(Math.max(ms, LATENCY_FLOOR_MS)) / Math.log(LATENCY_BIN_RATIO));
}
/** The value a bin stands for: its geometric middle. */
export function latencyOfBin(bin: number): number {
  return LATENCY_BIN_RATIO ** (bin + 0.5);
}
/** SQL of latencyBinOf over an expression (same arithmetic as the JS, so both bin a value alike). */
function latencyBinSql(expr: string): string {
  return `floor(ln(greatest(${expr}, ${LATENCY_FLOOR_MS})) / ln(${LATENCY_BIN_RATIO}))::INTEGER`;
}

const count = col.int32({ min: 0 });
const sum64 = col.int64({ min: 0 });
const measure = col.float64({ min: 0 });

const targetColumns = Object.fromEntries([
  ...ROLLUP_LATENCY_TARGETS_MS.map((t) => [latencyOkColumn(t), count]),
  ...ROLLUP_UPLINK_TARGETS_MBPS.map((t) => [uplinkOkColumn(t), count]),
]) as Record<string, typeof count>;

/** Site x 5 minutes: the NOC's assurance (compliant minutes per target) and KPI series (sums for averages, extremes). */
export const kpi5mSpec = {
  site_id: col.int32({ min: 0 }),
  /** Start of the 5-minute bucket (UTC). */
  ts: col.timestampMs(),
  /** Distinct minutes with a sample; a minute is judged by its worst sample (max latency, min uplink). */
  minutes: count,
  samples: count,
  latency_sum: measure,
  latency_max: measure,
  jitter_sum: measure,
  loss_sum: measure,
  dl_sum: measure,
  ul_sum: measure,
  ul_min: measure,
  prb_sum: measure,
  users_sum: sum64,
  ...targetColumns,
  // The latency trend (a least-squares line over the minutes' worst latency) from additive sums: per minute, its
  // offset k inside the bucket (0..4 at 5 minutes); a reader shifts them to its own origin (x = bucket minute + k).
  /** Sum of each minute's worst latency. */
  worst_latency_sum: measure,
  /** Sum of k, of k squared, and of k x the minute's worst latency (k: the minute's offset in its bucket). */
  minute_offset_sum: count,
  minute_offset_sq_sum: count,
  offset_worst_latency_sum: measure,
  /** Latest minute offset with a sample (the trend's last minute). */
  last_minute_offset: count,
} as const satisfies TableSpec;

/**
 * Site x hour: the same columns as kpi_5m (minute offsets k run 0..59), 12x fewer rows — what a browser holds for
 * weeks of 2,000 sites; kpi_5m answers the partial hours at a window's edges.
 */
export const kpi1hSpec = kpi5mSpec;

/** Site x hour x latency bin: sample counts, for percentiles over any whole-hour window. */
export const kpiLatencyHistHourSpec = {
  site_id: col.int32({ min: 0 }),
  ts: col.timestampMs(),
  bin: col.int32(),
  samples: count,
} as const satisfies TableSpec;

const usageSums = {
  events: sum64,
  tokens_in: sum64,
  tokens_out: sum64,
  cached_tokens: sum64,
} as const;

/** Tier ids a tier mask can hold: bit t stands for tier t, and the mask stays a safe integer in JS. */
export const TIER_MASK_BITS = 53;

/** Site x hour usage: hourly token charts, per-site load, and which service classes the site served that hour. */
export const usageSiteHourSpec = {
  site_id: col.int32({ min: 0 }), ts: col.timestampMs(), ...usageSums,
  /** Bit t set when an account of tier t (< TIER_MASK_BITS) used the site that hour (bit_or merges parts). */
  tier_mask: col.int64({ min: 0 }),
} as const satisfies TableSpec;

/** Account x day usage: revenue and ARPU (billable tokens per account-day), quota burn. */
export const usageAccountDaySpec = { account_id: col.int32({ min: 0 }), ts: col.timestampMs(), ...usageSums } as const satisfies TableSpec;

/** Site x account x day usage: which accounts (so which service classes) a site served, and revenue attribution. */
export const usageSiteAccountDaySpec = {
  site_id: col.int32({ min: 0 }), account_id: col.int32({ min: 0 }), ts: col.timestampMs(), ...usageSums,
  /**
   * First and last event of the pair that day: whether the pair used the site inside a window that starts or ends
   * within the day is exact from them (a head day: last_ts >= from; a tail day: first_ts < to).
   */
  first_ts: col.timestampMs(),
  last_ts: col.timestampMs(),
} as const satisfies TableSpec;

/** Dimension relations a rollup may join (tables of these names in the browser; Parquet reads on the server). */
export interface RollupDims { account: string }
const DEFAULT_DIMS: RollupDims = { account: 'account' };

export interface RollupMeta {
  readonly spec: TableSpec;
  /** The raw fact table it summarises. */
  readonly source: FactTable;
  /** Width of its time bucket (`ts` is the bucket start). */
  readonly grainMs: number;
  /** Columns identifying a bucket; rows sharing them are parts of one bucket (summed by queries). */
  readonly key: readonly string[];
  /** SELECT building the rollup from a relation with the source table's columns (and the account dimension). */
  build(from: string, dims: RollupDims): string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const bucket = (grainMs: number) => `make_timestamp_ms(epoch_ms(ts) // ${grainMs} * ${grainMs})`;
const usageSumsSql = `count(*)::BIGINT AS events, sum(tokens_in)::BIGINT AS tokens_in, sum(tokens_out)::BIGINT AS tokens_out,
  sum(cached_tokens)::BIGINT AS cached_tokens`;

/** The site x bucket KPI rollup at a grain of whole minutes (kpi_5m, kpi_1h). */
function kpiBucketsSql(from: string, minutes: number): string {
  const k = `(minute % ${minutes})`;
  return `
WITH m AS (
  SELECT site_id, epoch_ms(ts) // ${MINUTE_MS} AS minute, count(*) AS n, max(latency_ms) AS lat, min(ul_mbps) AS ul,
    ${['latency_ms', 'jitter_ms', 'loss_pct', 'dl_mbps', 'ul_mbps', 'prb_util'].map((c) => `sum(${c}) AS ${c}`).join(', ')},
    sum(active_users) AS users_sum
  FROM ${from} GROUP BY 1, 2)
SELECT site_id, make_timestamp_ms(minute // ${minutes} * ${minutes * MINUTE_MS}) AS ts, count(*)::INTEGER AS minutes, sum(n)::INTEGER AS samples,
  sum(latency_ms) AS latency_sum, max(lat) AS latency_max, sum(jitter_ms) AS jitter_sum,
  sum(loss_pct) AS loss_sum, sum(dl_mbps) AS dl_sum, sum(ul_mbps) AS ul_sum,
  min(ul) AS ul_min, sum(prb_util) AS prb_sum, sum(users_sum)::BIGINT AS users_sum,
  ${[
    ...ROLLUP_LATENCY_TARGETS_MS.map((t) => `(count(*) FILTER (WHERE lat <= ${t}::DOUBLE))::INTEGER AS ${quoteIdent(latencyOkColumn(t))}`),
    ...ROLLUP_UPLINK_TARGETS_MBPS.map((t) => `(count(*) FILTER (WHERE ul >= ${t}::DOUBLE))::INTEGER AS ${quoteIdent(uplinkOkColumn(t))}`),
  ].join(',\n  ')},
  sum(lat) AS worst_latency_sum, sum(${k})::INTEGER AS minute_offset_sum,
  sum(${k} * ${k})::INTEGER AS minute_offset_sq_sum, sum(${k} * lat) AS offset_worst_latency_sum,
  max(${k})::INTEGER AS last_minute_offset
FROM m GROUP BY 1, 2`;
}

export const ROLLUPS = {
  kpi_5m: { spec: kpi5mSpec, source: 'kpi', grainMs: 5 * MINUTE_MS, key: ['site_id', 'ts'], build: (from) => kpiBucketsSql(from, 5) },
  kpi_1h: { spec: kpi1hSpec, source: 'kpi', grainMs: HOUR_MS, key: ['site_id', 'ts'], build: (from) => kpiBucketsSql(from, 60) },
  kpi_latency_hist_hour: {
    spec: kpiLatencyHistHourSpec, source: 'kpi', grainMs: HOUR_MS, key: ['site_id', 'ts', 'bin'],
    build: (from) => `
SELECT site_id, ${bucket(HOUR_MS)} AS ts, ${latencyBinSql('latency_ms')} AS bin, count(*)::INTEGER AS samples
FROM ${from} GROUP BY 1, 2, 3`,
  },
  usage_site_hour: {
    spec: usageSiteHourSpec, source: 'usage', grainMs: HOUR_MS, key: ['site_id', 'ts'],
    build: (from, dims) => `
SELECT u.site_id, make_timestamp_ms(epoch_ms(u.ts) // ${HOUR_MS} * ${HOUR_MS}) AS ts, count(*)::BIGINT AS events,
  sum(u.tokens_in)::BIGINT AS tokens_in, sum(u.tokens_out)::BIGINT AS tokens_out, sum(u.cached_tokens)::BIGINT AS cached_tokens,
  bit_or(CASE WHEN a.tier_id < ${TIER_MASK_BITS} THEN (1::BIGINT << a.tier_id) ELSE 0::BIGINT END) AS tier_mask
FROM ${from} u LEFT JOIN ${dims.account} a ON a.account_id = u.account_id GROUP BY 1, 2`,
  },
  usage_account_day: {
    spec: usageAccountDaySpec, source: 'usage', grainMs: DAY_MS, key: ['account_id', 'ts'],
    build: (from) => `SELECT account_id, ${bucket(DAY_MS)} AS ts, ${usageSumsSql} FROM ${from} GROUP BY 1, 2`,
  },
  usage_site_account_day: {
    spec: usageSiteAccountDaySpec, source: 'usage', grainMs: DAY_MS, key: ['site_id', 'account_id', 'ts'],
    build: (from) => `SELECT site_id, account_id, ${bucket(DAY_MS)} AS ts, ${usageSumsSql}, min(ts) AS first_ts, max(ts) AS last_ts
FROM ${from} GROUP BY 1, 2, 3`,
  },
} as const satisfies Record<string, RollupMeta>;

export type RollupName = keyof typeof ROLLUPS;
export const ROLLUP_NAMES = Object.keys(ROLLUPS) as RollupName[];

/**
 * How parts of one bucket combine (what a query or a merge applies per column): by the column naming rule of the specs
 * above — extremes `*_max` / `last_*` take the max, `*_min` / `first_*` the min, masks OR, everything else sums.
 */
export function rollupMergeOf(column: string): 'sum' | 'max' | 'min' | 'bit_or' {
  if (/_mask$/.test(column)) return 'bit_or';
  if (/_max$|^last_/.test(column)) return 'max';
  if (/_min$|^first_/.test(column)) return 'min';
  return 'sum';
}

/** Rollups built from one raw table. */
export function rollupsOf(table: FactTable): RollupName[] {
  return ROLLUP_NAMES.filter((n) => ROLLUPS[n].source === table);
}

/** The rollup's SELECT with its columns in spec order and types (so positional inserts and Parquet files line up). */
export function rollupSelectSql(name: RollupName, from: string, dims: RollupDims = DEFAULT_DIMS): string {
  const spec: TableSpec = ROLLUPS[name].spec;
  const cols = Object.entries(spec).map(([n, c]) => `CAST(${quoteIdent(n)} AS ${duckdbTypeOf(c.kind)}) AS ${quoteIdent(n)}`).join(', ');
  return `SELECT ${cols} FROM (${ROLLUPS[name].build(from, dims)})`;
}

/**
 * Whole buckets of a grain inside [fromMs, toMs): the part of a window a rollup answers exactly; the edges
 * (head before `wholeFromMs`, tail from `wholeToMs`) are read raw. Null when no whole bucket fits.
 */
export function wholeBuckets(fromMs: number, toMs: number, grainMs: number): { wholeFromMs: number; wholeToMs: number } | null {
  const wholeFromMs = Math.ceil(fromMs / grainMs) * grainMs;
  const wholeToMs = Math.floor(toMs / grainMs) * grainMs;
  return wholeToMs > wholeFromMs ? { wholeFromMs, wholeToMs } : null;
}
