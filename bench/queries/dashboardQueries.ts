// The dashboard's queries the bench times in DuckDB-WASM: the spine chart's real SQL plus revenue, ARPU,
// per-site latency and a drill-down slice written to DESIGN.md's definitions (contract section).
import { HOURLY_TOKENS_SQL } from '../../client/features/spine/spineQueries.js';
import { quoteIdent, quoteLiteral } from '../../schema/duckdbSql.js';
import { LATENCY_BIN_RATIO, latencyOkColumn } from '../../schema/rollups.js';

export const QUERY_NAMES = ['hourly_tokens', 'site_p95_latency', 'revenue_by_tier_day', 'arpu_by_segment', 'filtered_slice'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface QueryParams {
  /** Start of the analysed window (epoch ms); the bench loads exactly the window. */
  sinceMs: number;
  /** Start of the drill-down slice (e.g. the last 6 hours). */
  sliceFromMs: number;
  province: string;
  /** Latency target for assurance and the slice filter (the strictest service class). */
  slaMs: number;
  sliceLimit: number;
}

const ts = (ms: number) => `epoch_ms(${Math.trunc(ms)}::BIGINT)`;

/**
 * Fen owed per account and day, per DESIGN.md "Token revenue": monthly plans pay their fee pro-rated by
 * day (every day since signup) plus overage above the pro-rated quota; one-time packs are bought as
 * needed (ceil(tokens / pack size) packs on a day with usage); pay-as-you-go pays per token. Cached input
 * tokens count at the tier's cached rate. Unrounded: rounding happens once, on the reported line.
 */
function accountDayFenCte(p: QueryParams, source: QuerySource): string {
  // The rollup holds the same per account-day sums (usage_account_day), so the rest of the query is shared.
  const from = source === 'rollup' ? 'usage_account_day' : 'usage';
  return `
WITH days AS (SELECT DISTINCT date_trunc('day', ts) AS day FROM ${from} WHERE ts >= ${ts(p.sinceMs)}),
use AS (
  SELECT date_trunc('day', ts) AS day, account_id,
         sum(tokens_in::BIGINT + tokens_out - cached_tokens)::DOUBLE AS full_tokens,
         sum(cached_tokens::BIGINT)::DOUBLE AS cached_tokens
  FROM ${from} WHERE ts >= ${ts(p.sinceMs)} GROUP BY 1, 2),
acct AS (
  SELECT a.account_id, a.segment, a.signup_date, t.tier_id, t.kind, t.monthly_fee_fen::DOUBLE AS fee,
         t.included_tokens::DOUBLE AS included, t.overage_fen_per_mtok::DOUBLE AS over_rate, t.cached_rate_pct::DOUBLE AS cached_pct
  FROM account a JOIN tier t ON t.tier_id = a.tier_id),
owed AS (
  SELECT d.day, a.account_id, a.segment, a.tier_id, a.kind, a.fee, a.included, a.over_rate,
         day(last_day(d.day))::DOUBLE AS dim,
         coalesce(u.full_tokens, 0) + coalesce(u.cached_tokens, 0) * a.cached_pct / 100 AS billable
  FROM acct a CROSS JOIN days d
  LEFT JOIN use u ON u.account_id = a.account_id AND u.day = d.day
  WHERE u.account_id IS NOT NULL OR (a.kind = 'monthly' AND a.signup_date <= d.day)),
fen AS (
  SELECT day, tier_id, segment, account_id,
         CASE kind WHEN 'monthly' THEN fee / dim + greatest(billable - included / dim, 0) * over_rate / 1e6
                   WHEN 'one_time' THEN ceil(billable / included) * fee
                   ELSE billable * over_rate / 1e6 END AS fen
  FROM owed)`;
}

/**
 * Where a dashboard query reads: `raw` event rows, or `rollup` tables (schema/rollups.ts), as the app's dashboards do.
 * Both give the same answer (exact for counts, sums and money; p95 from the latency histogram within
 * LATENCY_PERCENTILE_BOUND of the nearest-rank p95); the drill-down slice reads raw rows either way.
 */
export type QuerySource = 'raw' | 'rollup';

/** p95 per site from the hourly latency histogram: the first bin whose running count reaches the nearest rank. */
function histP95Sql(p: QueryParams): string {
  return `
WITH h AS (SELECT site_id, bin, sum(samples) AS n FROM kpi_latency_hist_hour WHERE ts >= ${ts(p.sinceMs)} GROUP BY 1, 2),
c AS (SELECT site_id, bin, sum(n) OVER (PARTITION BY site_id ORDER BY bin) AS cum, sum(n) OVER (PARTITION BY site_id) AS total FROM h),
p AS (SELECT site_id, min(bin) AS bin FROM c WHERE cum >= ceil(0.95 * total) GROUP BY 1),
k AS (SELECT site_id, sum(samples)::DOUBLE AS minutes, sum(${quoteIdent(latencyOkColumn(p.slaMs))})::DOUBLE AS ok
  FROM kpi_5m WHERE ts >= ${ts(p.sinceMs)} GROUP BY 1)
SELECT k.site_id, pow(${LATENCY_BIN_RATIO}, p.bin + 0.5) AS p95_ms, k.minutes, k.ok / k.minutes AS assurance
FROM k JOIN p USING (site_id) ORDER BY k.site_id`;
}

export function dashboardSql(name: QueryName, p: QueryParams, source: QuerySource = 'raw'): string {
  switch (name) {
    case 'hourly_tokens':
      return source === 'rollup' ? HOURLY_TOKENS_ROLLUP_SQL : HOURLY_TOKENS_SQL;
    case 'site_p95_latency':
      if (source === 'rollup') return histP95Sql(p);
      return `
SELECT site_id, quantile_cont(latency_ms, 0.95) AS p95_ms, count(*)::DOUBLE AS minutes,
       avg(CASE WHEN latency_ms <= ${p.slaMs} THEN 1.0 ELSE 0.0 END) AS assurance
FROM kpi WHERE ts >= ${ts(p.sinceMs)} GROUP BY site_id ORDER BY site_id`;
    case 'revenue_by_tier_day':
      return `${accountDayFenCte(p, source)}
SELECT epoch_ms(day)::DOUBLE AS "dayMs", tier_id, floor(sum(fen) + 0.5) AS revenue_fen,
       (count(*) FILTER (WHERE fen > 0))::DOUBLE AS paying
FROM fen GROUP BY 1, 2 ORDER BY 1, 2`;
    case 'arpu_by_segment':
      return `${accountDayFenCte(p, source)}
SELECT segment, floor(sum(fen) + 0.5) AS revenue_fen,
       (count(*) FILTER (WHERE fen > 0))::DOUBLE / (SELECT count(*) FROM days) AS avg_paying,
       floor(sum(fen) + 0.5) / ((count(*) FILTER (WHERE fen > 0))::DOUBLE / (SELECT count(*) FROM days)) AS arpu_fen
FROM fen GROUP BY 1 ORDER BY 1`;
    case 'filtered_slice':
      return `
SELECT epoch_ms(k.ts)::DOUBLE AS "tsMs", k.site_id, k.latency_ms, k.loss_pct, k.prb_util
FROM kpi k JOIN site s ON s.site_id = k.site_id
WHERE s.province = ${quoteLiteral(p.province)} AND k.ts >= ${ts(p.sliceFromMs)} AND k.latency_ms > ${p.slaMs}
ORDER BY k.latency_ms DESC, k.ts, k.site_id LIMIT ${Math.trunc(p.sliceLimit)}`;
  }
}

/** Untimed helper: the province with the most sites, so the slice has rows at every size. */
/** The spine chart's hourly tokens from the site-hour rollup (same rows as HOURLY_TOKENS_SQL over raw usage). */
export const HOURLY_TOKENS_ROLLUP_SQL = `
SELECT epoch_ms(ts)::DOUBLE AS "hourMs", sum(tokens_in + tokens_out)::DOUBLE AS "tokens"
FROM usage_site_hour GROUP BY 1 ORDER BY 1`;

export const BUSIEST_PROVINCE_SQL = `SELECT province FROM site GROUP BY 1 ORDER BY count(*) DESC, province LIMIT 1`;
