// SQL the NOC page runs in the browser's DuckDB (its raw last 24 h and its rollups) and the row shapes it returns.
import { rowsInRangesSql } from '../../../domain/assurance/assuranceRollupSql.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { ROLLUPS, wholeBuckets } from '../../../schema/rollups.js';
import type { SiteMeta, SiteLive } from './siteMapModel.js';

function range(w: AssuranceWindow): string {
  return `ts >= make_timestamp_ms(${Math.floor(w.fromMs)}) AND ts < make_timestamp_ms(${Math.floor(w.toMs)})`;
}

export const SITES_SQL = `
SELECT site_id AS "siteId", name, city, province, region, lat, lon, tech, transport_node_id AS "transportNodeId"
FROM site ORDER BY site_id`;
export type SiteMetaRow = SiteMeta & Record<string, string | number>;

/** Start of the latest minute with KPI data: live windows end there, so every minute inside is complete. */
export const DATA_CLOCK_SQL = `SELECT (epoch_ms(max(ts)) // 60000 * 60000)::DOUBLE AS "latestMinuteMs" FROM kpi`;

/** Minutes before a window's end in which a site's latest sample gives its active users ("now", like the current p95). */
export const USERS_NOW_MINUTES = 15;

/**
 * Active users at each site's latest sample of the window's last USERS_NOW_MINUTES (none: 0, as for a site without
 * samples; reading only them keeps a 24 h window from scanning every raw row for one figure); open alarms (latest
 * state raised) with their worst severity.
 */
export function siteLiveSql(w: AssuranceWindow): string {
  const now = { fromMs: Math.max(w.fromMs, w.toMs - USERS_NOW_MINUTES * 60_000), toMs: w.toMs };
  return `
WITH u AS (SELECT site_id, arg_max(active_users, ts) AS users FROM kpi WHERE ${range(now)} GROUP BY 1),
al AS (
  SELECT site_id, alarm_id, arg_max(state, (ts, CASE state WHEN 'cleared' THEN 1 ELSE 0 END)) AS st, any_value(severity) AS sev
  FROM alarm WHERE ts < make_timestamp_ms(${Math.floor(w.toMs)}) GROUP BY 1, 2),
a AS (
  SELECT site_id, count(*)::DOUBLE AS n,
    min(CASE sev WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END) AS worst
  FROM al WHERE st = 'raised' GROUP BY 1)
SELECT s.site_id AS "siteId", coalesce(u.users, 0)::DOUBLE AS "activeUsers", coalesce(a.n, 0)::DOUBLE AS "openAlarms",
  CASE a.worst WHEN 0 THEN 'critical' WHEN 1 THEN 'major' WHEN 2 THEN 'minor' WHEN 3 THEN 'warning' END AS "worstSeverity"
FROM site s LEFT JOIN u USING (site_id) LEFT JOIN a USING (site_id)`;
}
export type SiteLiveRow = SiteLive & { siteId: number } & Record<string, string | number | null>;

/** One site's KPIs per bucket: latency as the bucket's worst per-minute p95, the rest averaged. */
export function siteSeriesSql(siteId: number, w: AssuranceWindow, bucketMs: number): string {
  return `
SELECT (epoch_ms(ts) // ${bucketMs} * ${bucketMs})::DOUBLE AS "tsMs", max(latency_ms) AS "latencyMs", avg(jitter_ms) AS "jitterMs",
  avg(loss_pct) AS "lossPct", avg(dl_mbps) AS "dlMbps", avg(ul_mbps) AS "ulMbps", avg(active_users) AS "activeUsers"
FROM kpi WHERE site_id = ${Math.floor(siteId)} AND ${range(w)} GROUP BY 1 ORDER BY 1`;
}

/**
 * siteSeriesSql from kpi_5m for buckets that are whole numbers of 5 minutes: whole 5-minute buckets from the rollup
 * (samples, sums, max latency), the window's cut edges from raw rows; averages are sums / samples, as over raw rows.
 */
export function siteSeriesRollupSql(siteId: number, w: AssuranceWindow, bucketMs: number): string {
  const grain = ROLLUPS.kpi_5m.grainMs;
  if (bucketMs % grain !== 0) throw new Error(`a ${bucketMs} ms bucket is not a whole number of kpi_5m buckets`);
  const whole = wholeBuckets(w.fromMs, w.toMs, grain);
  const buckets = whole ? [{ fromMs: whole.wholeFromMs, toMs: whole.wholeToMs }] : [];
  const raw = whole ? [{ fromMs: w.fromMs, toMs: whole.wholeFromMs }, { fromMs: whole.wholeToMs, toMs: w.toMs }].filter((r) => r.toMs > r.fromMs) : [w];
  const site = Math.floor(siteId);
  const b = `epoch_ms(ts) // ${bucketMs} * ${bucketMs}`;
  return `
WITH p AS (
  SELECT ${b} AS b, samples::DOUBLE AS n, latency_max AS lat, jitter_sum AS jit, loss_sum AS loss, dl_sum AS dl, ul_sum AS ul, users_sum::DOUBLE AS users
  FROM ${rowsInRangesSql('kpi_5m', buckets, `site_id = ${site}`)}
  UNION ALL
  SELECT ${b}, 1, latency_ms, jitter_ms, loss_pct, dl_mbps, ul_mbps, active_users::DOUBLE
  FROM ${rowsInRangesSql('kpi', raw, `site_id = ${site}`)})
SELECT b::DOUBLE AS "tsMs", max(lat) AS "latencyMs", sum(jit) / sum(n) AS "jitterMs", sum(loss) / sum(n) AS "lossPct",
  sum(dl) / sum(n) AS "dlMbps", sum(ul) / sum(n) AS "ulMbps", sum(users) / sum(n) AS "activeUsers"
FROM p GROUP BY 1 ORDER BY 1`;
}

export function siteOpenAlarmsSql(siteId: number, w: AssuranceWindow): string {
  return `
SELECT alarm_id::DOUBLE AS "alarmId", epoch_ms(min(ts) FILTER (WHERE state = 'raised'))::DOUBLE AS "tsMs",
  any_value(severity) AS "severity", any_value(probable_cause) AS "probableCause"
FROM alarm WHERE site_id = ${Math.floor(siteId)} AND ts < make_timestamp_ms(${Math.floor(w.toMs)})
GROUP BY alarm_id HAVING arg_max(state, (ts, CASE state WHEN 'cleared' THEN 1 ELSE 0 END)) = 'raised' ORDER BY 2 DESC`;
}

export function siteAccountsSql(siteId: number, w: AssuranceWindow): string {
  return `
SELECT u.account_id::DOUBLE AS "accountId", any_value(a.tier_id)::DOUBLE AS "tierId", count(*)::DOUBLE AS "events",
  sum(u.tokens_in::BIGINT + u.tokens_out)::DOUBLE AS "tokens"
FROM usage u JOIN account a USING (account_id)
WHERE u.site_id = ${Math.floor(siteId)} AND u.${range(w).replace(' AND ts', ' AND u.ts')} GROUP BY 1 ORDER BY 4 DESC`;
}
