// SQL of the revenue explorer over the rated tables in DuckDB (browser WASM, or node in tests and bench), and its row shapes.
import { quoteLiteral } from '../../../schema/duckdbSql.js';

export type TimeGrain = 'day' | 'week' | 'month';

/** Every slicer of the explorer; empty lists mean "all". Times are UTC-midnight epoch ms, to exclusive. */
export interface RevenueFilters {
  tierIds: number[];
  segments: string[];
  provinces: string[];
  regions: string[];
  channels: string[];
  models: string[];
  grain: TimeGrain;
  fromMs: number | null;
  toMs: number | null;
}

export const EMPTY_FILTERS: RevenueFilters = {
  tierIds: [], segments: [], provinces: [], regions: [], channels: [], models: [], grain: 'day', fromMs: null, toMs: null,
};

const inList = (col: string, values: readonly (string | number)[]) =>
  `${col} IN (${values.map((v) => (typeof v === 'number' ? String(Math.floor(v)) : quoteLiteral(v))).join(', ')})`;

/** WHERE clause for a rated table; `withModel` when the table has a model column. */
export function whereSql(f: RevenueFilters, withModel: boolean, skip: Partial<Record<keyof RevenueFilters, boolean>> = {}): string {
  const c: string[] = [];
  if (f.tierIds.length && !skip.tierIds) c.push(inList('tier_id', f.tierIds));
  if (f.segments.length && !skip.segments) c.push(inList('segment', f.segments));
  if (f.provinces.length && !skip.provinces) c.push(inList('province', f.provinces));
  if (f.regions.length && !skip.regions) c.push(inList('region', f.regions));
  if (f.channels.length && !skip.channels) c.push(inList('channel', f.channels));
  if (withModel && f.models.length && !skip.models) c.push(inList('model', f.models));
  if (f.fromMs !== null) c.push(`day >= epoch_ms(${Math.floor(f.fromMs)}::BIGINT)`);
  if (f.toMs !== null) c.push(`day < epoch_ms(${Math.floor(f.toMs)}::BIGINT)`);
  return c.length ? `WHERE ${c.join(' AND ')}` : '';
}

/**
 * Revenue source: without a model filter, revenue_day (paying accounts per day); with one, model_day
 * (revenue allocated to the models; accounts = accounts that used them that day).
 */
function source(f: RevenueFilters, skip: Partial<Record<keyof RevenueFilters, boolean>> = {}): string {
  if (f.models.length && !skip.models) {
    return `(SELECT day, tier_id, segment, province, region, channel, revenue_fen, 0 AS subscription_fen, 0 AS pack_fen, 0 AS payg_fen, 0 AS overage_fen, active_accounts AS paying_accounts FROM model_day ${whereSql(f, true, skip)})`;
  }
  return `(SELECT * FROM revenue_day ${whereSql(f, false, skip)})`;
}

/** Days in the time filter that hold data: ARPU divides paying account-days by this. */
function daysSql(f: RevenueFilters): string {
  return `(SELECT greatest(count(DISTINCT day), 1) FROM revenue_day ${whereSql({ ...EMPTY_FILTERS, fromMs: f.fromMs, toMs: f.toMs }, false)})`;
}

export interface SummaryRow {
  revenueFen: number; subscriptionFen: number; packFen: number; paygFen: number; overageFen: number;
  avgPayingAccounts: number; arpuFen: number; days: number; [k: string]: number;
}

export function summarySql(f: RevenueFilters): string {
  return `SELECT coalesce(sum(revenue_fen), 0)::DOUBLE AS "revenueFen",
    coalesce(sum(subscription_fen), 0)::DOUBLE AS "subscriptionFen", coalesce(sum(pack_fen), 0)::DOUBLE AS "packFen",
    coalesce(sum(payg_fen), 0)::DOUBLE AS "paygFen", coalesce(sum(overage_fen), 0)::DOUBLE AS "overageFen",
    (coalesce(sum(paying_accounts), 0) / ${daysSql(f)})::DOUBLE AS "avgPayingAccounts",
    CASE WHEN coalesce(sum(paying_accounts), 0) = 0 THEN 0 ELSE sum(revenue_fen) / (sum(paying_accounts) / ${daysSql(f)}) END::DOUBLE AS "arpuFen",
    ${daysSql(f)}::DOUBLE AS "days"
    FROM ${source(f)}`;
}

export interface RevenueOverTimeRow { periodMs: number; tierId: number; revenueFen: number; [k: string]: number }

/** Revenue per time bucket (day, ISO week, month; UTC) and tier. */
export function revenueOverTimeSql(f: RevenueFilters): string {
  return `SELECT epoch_ms(date_trunc('${f.grain}', day))::DOUBLE AS "periodMs", tier_id AS "tierId", sum(revenue_fen)::DOUBLE AS "revenueFen"
    FROM ${source(f)} GROUP BY 1, 2 ORDER BY 1, 2`;
}

export interface ArpuRow { key: string; revenueFen: number; avgPayingAccounts: number; arpuFen: number; [k: string]: string | number }

export function arpuBySql(f: RevenueFilters, dim: 'segment' | 'channel' | 'region'): string {
  return `SELECT ${dim} AS "key", sum(revenue_fen)::DOUBLE AS "revenueFen",
    (sum(paying_accounts) / ${daysSql(f)})::DOUBLE AS "avgPayingAccounts",
    CASE WHEN sum(paying_accounts) = 0 THEN 0 ELSE sum(revenue_fen) / (sum(paying_accounts) / ${daysSql(f)}) END::DOUBLE AS "arpuFen"
    FROM ${source(f)} GROUP BY 1 ORDER BY 1`;
}

export interface ProvinceRow { province: string; region: string; revenueFen: number; arpuFen: number; [k: string]: string | number }

export function topProvincesSql(f: RevenueFilters, limit = 15): string {
  return `SELECT province, any_value(region) AS region, sum(revenue_fen)::DOUBLE AS "revenueFen",
    CASE WHEN sum(paying_accounts) = 0 THEN 0 ELSE sum(revenue_fen) / (sum(paying_accounts) / ${daysSql(f)}) END::DOUBLE AS "arpuFen"
    FROM ${source(f)} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${Math.floor(limit)}`;
}

export interface ModelMixRow { model: string; tokens: number; computeCostFen: number; revenueFen: number; grossMarginFen: number; requests: number; [k: string]: string | number }

/** Model mix: tokens, compute cost (exact micro-fen summed, then fen), allocated revenue and gross margin. */
export function modelMixSql(f: RevenueFilters): string {
  return `SELECT model, sum(tokens_in + tokens_out)::DOUBLE AS tokens, sum(requests)::DOUBLE AS requests,
    (sum(compute_cost_ufen) / 1e6)::DOUBLE AS "computeCostFen", sum(revenue_fen)::DOUBLE AS "revenueFen",
    (sum(revenue_fen) - sum(compute_cost_ufen) / 1e6)::DOUBLE AS "grossMarginFen"
    FROM model_day ${whereSql(f, true)} GROUP BY 1 ORDER BY "revenueFen" DESC, 1`;
}

export interface BreakdownRow {
  tierId: number; segment: string; province: string; revenueFen: number; subscriptionFen: number; packFen: number;
  paygFen: number; overageFen: number; avgPayingAccounts: number; arpuFen: number; [k: string]: string | number;
}

export function breakdownSql(f: RevenueFilters): string {
  return `SELECT tier_id AS "tierId", segment, province, sum(revenue_fen)::DOUBLE AS "revenueFen",
    sum(subscription_fen)::DOUBLE AS "subscriptionFen", sum(pack_fen)::DOUBLE AS "packFen", sum(payg_fen)::DOUBLE AS "paygFen",
    sum(overage_fen)::DOUBLE AS "overageFen", (sum(paying_accounts) / ${daysSql(f)})::DOUBLE AS "avgPayingAccounts",
    CASE WHEN sum(paying_accounts) = 0 THEN 0 ELSE sum(revenue_fen) / (sum(paying_accounts) / ${daysSql(f)}) END::DOUBLE AS "arpuFen"
    FROM ${source(f)} GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3`;
}

export interface QuotaBurnViewRow {
  accountId: number; tierId: number; segment: string; province: string; includedTokens: number; usedTokens: number;
  recentTokensPerDay: number; runoutDayMs: number | null; periodEndMs: number; forecastOverageTokens: number;
  expectedOverageFen: number; overageFenSoFar: number; [k: string]: string | number | null;
}

/** Quota burn-down: upsell targets (forecast to run out) first by expected overage, then the accounts closest to their quota. */
export function quotaBurnSql(f: RevenueFilters, limit = 100): string {
  const w = whereSql({ ...f, fromMs: null, toMs: null }, false);
  return `SELECT account_id AS "accountId", tier_id AS "tierId", segment, province, included_tokens::DOUBLE AS "includedTokens",
    used_tokens::DOUBLE AS "usedTokens", recent_tokens_per_day AS "recentTokensPerDay", epoch_ms(runout_day)::DOUBLE AS "runoutDayMs",
    epoch_ms(period_end)::DOUBLE AS "periodEndMs", forecast_overage_tokens::DOUBLE AS "forecastOverageTokens",
    expected_overage_fen::DOUBLE AS "expectedOverageFen", overage_fen_so_far::DOUBLE AS "overageFenSoFar"
    FROM quota_burn ${w}
    ORDER BY expected_overage_fen DESC, runout_day NULLS LAST, used_tokens / greatest(included_tokens, 1) DESC, account_id LIMIT ${Math.floor(limit)}`;
}

export interface UpsellSummaryRow { accounts: number; expectedOverageFen: number; [k: string]: number }

export function upsellSummarySql(f: RevenueFilters): string {
  const w = whereSql({ ...f, fromMs: null, toMs: null }, false);
  return `SELECT count(*)::DOUBLE AS accounts, coalesce(sum(expected_overage_fen), 0)::DOUBLE AS "expectedOverageFen"
    FROM quota_burn ${w} ${w ? 'AND' : 'WHERE'} runout_day IS NOT NULL`;
}

/** What the explorer shows for one filter state: one result per query of the page. */
export interface RevenueViews {
  summary: SummaryRow | null;
  overTime: RevenueOverTimeRow[];
  arpu: ArpuRow[];
  provinces: ProvinceRow[];
  models: ModelMixRow[];
  breakdown: BreakdownRow[];
  burn: QuotaBurnViewRow[];
  upsell: UpsellSummaryRow | null;
}

export const DIMENSIONS_SQL = {
  provinces: `SELECT DISTINCT province AS v FROM revenue_day ORDER BY 1`,
  models: `SELECT DISTINCT model AS v FROM model_day ORDER BY 1`,
  days: `SELECT epoch_ms(min(day))::DOUBLE AS lo, epoch_ms(max(day))::DOUBLE AS hi FROM revenue_day`,
};
