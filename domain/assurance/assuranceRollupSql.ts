// The assurance SQL read from rollups: whole hours from kpi_1h, other whole 5-minute buckets from kpi_5m, whole days
// (and head / tail days cut by first_ts / last_ts) from usage_site_account_day, raw rows only where a window does not
// cover whole buckets. The rows have the shapes of siteMinuteCountsSql / servedClassesSql, so assuranceFromSqlRows
// judges them unchanged.
//
// Why: a 7-day window over raw rows is 20M KPI rows at 2,000 sites; kpi_1h holds 336k for it, kpi_5m the hours'
// edges and the last half hour, and only the window's cut edges (a few minutes per site) are read raw. Every figure
// stays exact: counts and the current p95 exactly, the trend from additive sums (the raw regression within rounding).
import {
  ROLLUPS, latencyOkColumn, rollupCoversTargets, uplinkOkColumn, wholeBuckets,
} from '../../schema/rollups.js';
import {
  judgedMinutes, latAlias, targetLiteral, ulAlias, type SlaTargets,
} from './assuranceSql.js';
import { DEFAULT_ASSURANCE_POLICY, MINUTE_MS, type AssurancePolicy, type AssuranceWindow } from './latencyAssurance.js';

const BUCKET_MS = ROLLUPS.kpi_5m.grainMs;
const HOUR_MS = ROLLUPS.kpi_1h.grainMs;
const DAY_MS = ROLLUPS.usage_site_account_day.grainMs;

/** Relations holding raw rows for the edges (the browser's last-24-h tables, or a temp table fetched for a window). */
export interface RawRelations { kpi: string; usage: string }
const RAW_TABLES: RawRelations = { kpi: 'kpi', usage: 'usage' };

/** Half-open time ranges, sorted and disjoint. */
export type Ranges = AssuranceWindow[];

function rangeSql(r: AssuranceWindow): string {
  return `ts >= make_timestamp_ms(${Math.floor(r.fromMs)}) AND ts < make_timestamp_ms(${Math.floor(r.toMs)})`;
}

/**
 * The rows of `table` inside any of the ranges (`where` also holding), as a subquery: one scan per range, because
 * DuckDB skips row groups (tables are kept in time order) only on a plain range, not on an OR of several.
 */
export function rowsInRangesSql(table: string, rs: Ranges, where = 'true'): string {
  if (!rs.length) return `(SELECT * FROM ${table} WHERE false)`;
  return `(${rs.map((r) => `SELECT * FROM ${table} WHERE ${rangeSql(r)} AND ${where}`).join(' UNION ALL ')})`;
}

function mergeRanges(rs: readonly AssuranceWindow[]): Ranges {
  const out: Ranges = [];
  for (const r of [...rs].filter((x) => x.toMs > x.fromMs).sort((a, b) => a.fromMs - b.fromMs)) {
    const last = out[out.length - 1];
    if (last && r.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, r.toMs);
    else out.push({ ...r });
  }
  return out;
}

function intersectRanges(rs: Ranges, r: AssuranceWindow): Ranges {
  return rs.map((x) => ({ fromMs: Math.max(x.fromMs, r.fromMs), toMs: Math.min(x.toMs, r.toMs) })).filter((x) => x.toMs > x.fromMs);
}

function subtractRanges(whole: AssuranceWindow, cuts: Ranges): Ranges {
  const out: Ranges = [];
  let from = whole.fromMs;
  for (const c of cuts) {
    if (c.toMs <= from || c.fromMs >= whole.toMs) continue;
    if (c.fromMs > from) out.push({ fromMs: from, toMs: c.fromMs });
    from = Math.max(from, c.toMs);
  }
  if (from < whole.toMs) out.push({ fromMs: from, toMs: whole.toMs });
  return out;
}

/**
 * With one worst value per minute, the current p95 (nearest rank over at most `currentMinutes` values) is their
 * maximum exactly when ceil(0.95 n) = n for every n up to it (n <= 19): then kpi_5m's latency_max gives it.
 */
export function currentP95IsMax(policy: AssurancePolicy): boolean {
  for (let n = 1; n <= policy.currentMinutes; n++) if (Math.max(1, Math.ceil(0.95 * n)) !== n) return false;
  return true;
}

/** True when the rollups answer assurance exactly for these targets and policy; otherwise use the raw SQL. */
export function rollupCanJudge(targets: SlaTargets, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): boolean {
  return rollupCoversTargets(targets) && currentP95IsMax(policy);
}

/**
 * How the KPI part of a window is read: raw minutes in `raw`, whole 5-minute buckets in `buckets` (the trend and the
 * current p95 read kpi_5m there); their counts come from kpi_1h over the whole hours among them (`hours`, 12x fewer
 * rows) and from kpi_5m over the rest (`fiveMinutes`).
 */
export interface KpiReadPlan { buckets: Ranges; hours: Ranges; fiveMinutes: Ranges; raw: Ranges }

/**
 * Whole 5-minute buckets come from the rollups; the window's edges are read raw, and so is a bucket that the first
 * minute of the trend or of the current p95 cuts in two (a bucket is either wholly in them or wholly out).
 */
export function kpiReadPlan(w: AssuranceWindow, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): KpiReadPlan {
  const whole = wholeBuckets(w.fromMs, w.toMs, BUCKET_MS);
  if (!whole) return { buckets: [], hours: [], fiveMinutes: [], raw: mergeRanges([w]) };
  const raw: AssuranceWindow[] = [{ fromMs: w.fromMs, toMs: whole.wholeFromMs }, { fromMs: whole.wholeToMs, toMs: w.toMs }];
  const { trendFromMinute, currentFromMinute } = judgedMinutes(w, policy);
  for (const ms of [trendFromMinute * MINUTE_MS, currentFromMinute * MINUTE_MS]) {
    if (ms % BUCKET_MS === 0 || ms <= whole.wholeFromMs || ms >= whole.wholeToMs) continue;
    const b = Math.floor(ms / BUCKET_MS) * BUCKET_MS;
    raw.push({ fromMs: b, toMs: b + BUCKET_MS });
  }
  const merged = mergeRanges(raw);
  const buckets = subtractRanges({ fromMs: whole.wholeFromMs, toMs: whole.wholeToMs }, merged);
  const hours = buckets.flatMap((r) => {
    const h = wholeBuckets(r.fromMs, r.toMs, HOUR_MS);
    return h ? [{ fromMs: h.wholeFromMs, toMs: h.wholeToMs }] : [];
  });
  return { buckets, hours, fiveMinutes: buckets.flatMap((r) => subtractRanges(r, hours)), raw: merged };
}

/** How the served (site, account) pairs of a window are read: from the day rollup, or raw when it lies inside one day. */
export interface UsageReadPlan {
  /** Whole days. */
  days: AssuranceWindow | null;
  /** The day `from` cuts (pairs with last_ts >= from) and the day `to` cuts (first_ts < to). */
  headDayMs: number | null;
  tailDayMs: number | null;
  /** Set instead of the above when both ends cut the same day: last_ts and first_ts cannot tell, raw usage must. */
  raw: AssuranceWindow | null;
}

export function usageReadPlan(w: AssuranceWindow): UsageReadPlan {
  const headDay = Math.floor(w.fromMs / DAY_MS) * DAY_MS;
  const tailDay = Math.floor(w.toMs / DAY_MS) * DAY_MS;
  const cutsHead = w.fromMs % DAY_MS !== 0, cutsTail = w.toMs % DAY_MS !== 0;
  if (w.toMs <= w.fromMs) return { days: null, headDayMs: null, tailDayMs: null, raw: null };
  if (cutsHead && cutsTail && headDay === tailDay) return { days: null, headDayMs: null, tailDayMs: null, raw: { ...w } };
  const whole = wholeBuckets(w.fromMs, w.toMs, DAY_MS);
  return {
    days: whole ? { fromMs: whole.wholeFromMs, toMs: whole.wholeToMs } : null,
    headDayMs: cutsHead ? headDay : null,
    tailDayMs: cutsTail ? tailDay : null,
    raw: null,
  };
}

/** Raw rows the rollup queries of a window read (the caller must hold them, or fetch them first). */
export function rollupRawNeeds(w: AssuranceWindow, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): { kpi: Ranges; usage: Ranges } {
  const u = usageReadPlan(w).raw;
  return { kpi: kpiReadPlan(w, policy).raw, usage: u ? [u] : [] };
}

// Per-site partial sums, a row per site from raw minutes, from all whole buckets (measured and target counts) and from
// the recent whole buckets (cur_max, and the trend's n, sums and last minute), merged by name; the trend's x is the
// minute minus the trend's first minute (small numbers: the sums stay exact in doubles).

function rawMinutesPart(kpi: string, raw: Ranges, targets: SlaTargets, t0: number, c0: number): string {
  const inTrend = `FILTER (WHERE m >= ${t0})`;
  return `
SELECT site_id, count(*)::DOUBLE AS measured,
  ${targetCols(targets, (t) => `count(*) FILTER (WHERE lat <= ${targetLiteral(t)})::DOUBLE`, (t) => `count(*) FILTER (WHERE ul >= ${targetLiteral(t)})::DOUBLE`)}
  max(lat) FILTER (WHERE m >= ${c0}) AS cur_max,
  count(*) ${inTrend}::DOUBLE AS tn, sum(m - ${t0}) ${inTrend}::DOUBLE AS sx, sum((m - ${t0}) * (m - ${t0})) ${inTrend}::DOUBLE AS sxx,
  sum(lat) ${inTrend} AS sy, sum((m - ${t0}) * lat) ${inTrend} AS sxy, max(m) ${inTrend}::DOUBLE AS last_m
FROM (
  SELECT site_id, (epoch_ms(ts) // ${MINUTE_MS})::BIGINT AS m, max(latency_ms) AS lat, min(ul_mbps) AS ul
  FROM ${rowsInRangesSql(kpi, raw)} GROUP BY 1, 2)
GROUP BY 1`;
}

/** Whole buckets of one rollup: measured and compliant minutes only (most of a long window: plain sums over few columns). */
function bulkBucketsPart(rollup: 'kpi_5m' | 'kpi_1h', buckets: Ranges, targets: SlaTargets): string {
  return `
SELECT site_id, sum(minutes)::DOUBLE AS measured,
  ${targetCols(targets, (t) => `sum("${latencyOkColumn(t)}")::DOUBLE`, (t) => `sum("${uplinkOkColumn(t)}")::DOUBLE`).replace(/,\s*$/, '')}
FROM ${rowsInRangesSql(rollup, buckets)}
GROUP BY 1`;
}

/** The whole buckets of the trend and the current p95 (the last half hour): their sums, shifted to the trend's origin. */
function recentBucketsPart(buckets: Ranges, t0: number, c0: number): string {
  // A bucket at minute b holds minutes b + k: x = (b - t0) + k, so the sums of k shift to the common origin.
  const o = `(b - ${t0})`;
  const inTrend = `FILTER (WHERE b >= ${t0})`;
  return `
SELECT site_id, max(latency_max) FILTER (WHERE b >= ${c0}) AS cur_max,
  coalesce(sum(minutes) ${inTrend}, 0)::DOUBLE AS tn,
  sum(${o} * minutes + minute_offset_sum) ${inTrend}::DOUBLE AS sx,
  sum(${o} * ${o} * minutes + 2 * ${o} * minute_offset_sum + minute_offset_sq_sum) ${inTrend}::DOUBLE AS sxx,
  sum(worst_latency_sum) ${inTrend} AS sy,
  sum(${o} * worst_latency_sum + offset_worst_latency_sum) ${inTrend} AS sxy,
  max(b + last_minute_offset) ${inTrend}::DOUBLE AS last_m
FROM (SELECT *, (epoch_ms(ts) // ${MINUTE_MS})::BIGINT AS b FROM ${rowsInRangesSql('kpi_5m', buckets)})
GROUP BY 1`;
}

function targetCols(t: SlaTargets, lat: (ms: number) => string, ul: (mbps: number) => string): string {
  return [
    ...[...new Set(t.latencyMs)].map((x) => `${lat(x)} AS "${latAlias(x)}",\n  `),
    ...[...new Set(t.uplinkMbps)].map((x) => `${ul(x)} AS "${ulAlias(x)}",\n  `),
  ].join('');
}

/** siteMinuteCountsSql from kpi_1h / kpi_5m plus raw edges: the same row shape (SiteMinuteCountsRow). */
export function siteMinuteCountsRollupSql(
  w: AssuranceWindow, targets: SlaTargets, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY, raw: Partial<RawRelations> = {},
): string {
  if (!rollupCanJudge(targets, policy)) throw new Error('kpi_5m cannot judge these targets or this policy exactly: use siteMinuteCountsSql');
  const { kpi } = { ...RAW_TABLES, ...raw };
  const plan = kpiReadPlan(w, policy);
  const { trendFromMinute: t0, currentFromMinute: c0 } = judgedMinutes(w, policy);
  const recent = intersectRanges(plan.buckets, { fromMs: Math.min(t0, c0) * MINUTE_MS, toMs: w.toMs });
  const parts = [
    // The raw part has every column: kept (empty) when no other part brings the trend's.
    ...(plan.raw.length || !recent.length ? [rawMinutesPart(kpi, plan.raw, targets, t0, c0)] : []),
    ...(plan.hours.length ? [bulkBucketsPart('kpi_1h', plan.hours, targets)] : []),
    ...(plan.fiveMinutes.length ? [bulkBucketsPart('kpi_5m', plan.fiveMinutes, targets)] : []),
    ...(recent.length ? [recentBucketsPart(recent, t0, c0)] : []),
  ];
  const aliases = [...new Set(targets.latencyMs)].map(latAlias).concat([...new Set(targets.uplinkMbps)].map(ulAlias));
  const sums = aliases.map((a) => `sum("${a}") AS "${a}", `).join('');
  return `
WITH p AS (${parts.join('\nUNION ALL BY NAME\n')}),
s AS (
  SELECT site_id, sum(measured) AS measured, ${sums}max(cur_max) AS cur_max, sum(tn) AS tn, sum(sx) AS sx, sum(sxx) AS sxx,
    sum(sy) AS sy, sum(sxy) AS sxy, max(last_m) AS last_m
  FROM p GROUP BY 1),
f AS (SELECT *, CASE WHEN tn >= 2 AND tn * sxx - sx * sx > 0 THEN (tn * sxy - sx * sy) / (tn * sxx - sx * sx) END AS slope FROM s)
SELECT site_id AS "siteId", measured AS "measured", ${aliases.map((a) => `"${a}", `).join('')}cur_max AS "p95",
  tn AS "trendN", slope AS "trendSlope",
  -- The intercept at minute 0 of the epoch, as regr_intercept over absolute minutes gives it.
  (sy - slope * sx) / tn - slope * ${t0} AS "trendIntercept",
  CASE WHEN tn > 0 THEN last_m END AS "trendLastMinute"
FROM f ORDER BY site_id`;
}

/**
 * (site_id, account_id) of usage in the window, a pair possibly more than once: from usage_site_account_day (whole
 * days, and the cut head / tail days by last_ts / first_ts), or from raw usage when the window lies inside one day.
 */
export function servedRowsRollupSql(w: AssuranceWindow, raw: Partial<RawRelations> = {}): string {
  const { usage } = { ...RAW_TABLES, ...raw };
  const p = usageReadPlan(w);
  if (p.raw) return `SELECT site_id, account_id FROM ${rowsInRangesSql(usage, [p.raw])}`;
  const day = (ms: number) => ({ fromMs: ms, toMs: ms + DAY_MS });
  const parts = [
    ...(p.days ? [rowsInRangesSql('usage_site_account_day', [p.days])] : []),
    ...(p.headDayMs !== null ? [rowsInRangesSql('usage_site_account_day', [day(p.headDayMs)], `last_ts >= make_timestamp_ms(${Math.floor(w.fromMs)})`)] : []),
    ...(p.tailDayMs !== null ? [rowsInRangesSql('usage_site_account_day', [day(p.tailDayMs)], `first_ts < make_timestamp_ms(${Math.floor(w.toMs)})`)] : []),
  ];
  if (!parts.length) return 'SELECT site_id, account_id FROM usage_site_account_day WHERE false';
  return parts.map((x) => `SELECT site_id, account_id FROM ${x}`).join(' UNION ALL ');
}

/**
 * servedClassesSql from the day rollup: the same row shape (ServedClassRow). Accounts are counted distinct per site
 * and tier after the tier lookup (cheaper than distinct pairs first); a class's fees are its accounts x its tier's fee.
 */
export function servedClassesRollupSql(w: AssuranceWindow, raw: Partial<RawRelations> = {}): string {
  return `
WITH c AS (
  SELECT u.site_id, a.tier_id, count(DISTINCT u.account_id) AS n
  FROM (${servedRowsRollupSql(w, raw)}) u JOIN account a USING (account_id) GROUP BY 1, 2)
SELECT c.site_id AS "siteId", t.tier_id AS "tierId", t.name AS "name", t.latency_sla_ms AS "latencySlaMs",
  t.uplink_sla_mbps AS "uplinkSlaMbps", c.n::DOUBLE AS "accounts", (c.n * t.monthly_fee_fen)::DOUBLE AS "monthlyFeeFen"
FROM c JOIN tier t USING (tier_id) ORDER BY 1, 2`;
}
