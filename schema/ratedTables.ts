// Rated (revenue) tables: compact server-side aggregates of the rating, streamed as Arrow to the browser's DuckDB.
import { col, type RowOf, type TableSpec } from './columns.js';
import { CHANNELS, SEGMENTS } from './tables.js';
import { PROVINCES_BY_GEONAMES_CODE } from './provinces.js';

const money = col.int64({ min: 0 });
const count = col.int32({ min: 0 });
const dims = {
  /** UTC midnight of the day. */
  day: col.timestampMs(),
  tier_id: col.int32({ min: 0 }),
  segment: col.utf8({ values: SEGMENTS }),
  province: col.utf8(),
  region: col.utf8(),
  channel: col.utf8({ values: CHANNELS }),
} as const;

/** Revenue recognised per day and account cell (tier, segment, province, channel), by invoice line kind. */
export const revenueDaySpec = {
  ...dims,
  subscription_fen: money,
  pack_fen: money,
  payg_fen: money,
  overage_fen: money,
  revenue_fen: money,
  /** Accounts counting as paying on this day (ARPU denominator: sum over days / days). */
  paying_accounts: count,
  /** Accounts signed up by this day. */
  accounts: count,
} as const satisfies TableSpec;

/** Per day, account cell and model: usage, compute cost and the cell's revenue allocated by billable tokens. */
export const modelDaySpec = {
  ...dims,
  /** Model name, or NO_USAGE_MODEL for revenue of cells without usage that day. */
  model: col.utf8(),
  /** Accounts that used the model that day. */
  active_accounts: count,
  requests: col.int64({ min: 0 }),
  tokens_in: col.int64({ min: 0 }),
  tokens_out: col.int64({ min: 0 }),
  cached_tokens: col.int64({ min: 0 }),
  /** Billable tokens x 100 (cached tokens at the tier's rate), exact. */
  billable_centitokens: col.int64({ min: 0 }),
  /** (tokens_in + tokens_out) x compute_cost_fen_per_mtok: compute cost in millionths of a fen, exact. */
  compute_cost_ufen: col.int64({ min: 0 }),
  revenue_fen: money,
} as const satisfies TableSpec;

/** Quota burn-down of monthly-plan accounts in the current billing month. */
export const quotaBurnSpec = {
  account_id: col.int32({ min: 0 }),
  tier_id: col.int32({ min: 0 }),
  segment: col.utf8({ values: SEGMENTS }),
  province: col.utf8(),
  region: col.utf8(),
  channel: col.utf8({ values: CHANNELS }),
  period_start: col.timestampMs(),
  period_end: col.timestampMs(),
  /** Pro-rated quota of the current plan span. */
  included_tokens: col.int64({ min: 0 }),
  /** Billable tokens used so far in the span. */
  used_tokens: col.int64({ min: 0 }),
  /** Billable tokens per day over the recent days. */
  recent_tokens_per_day: col.float64({ min: 0 }),
  /** Forecast UTC day the quota runs out at the recent rate; null when it lasts the period. */
  runout_day: col.timestampMs({ nullable: true }),
  /** Overage tokens expected by the period end at the recent rate. */
  forecast_overage_tokens: col.int64({ min: 0 }),
  expected_overage_fen: money,
  overage_fen_so_far: money,
} as const satisfies TableSpec;

/** Header with the rating version of a rated-table snapshot (all tables of one version agree). */
export const RATED_VERSION_HEADER = 'x-opsdeck-rated-version';

export const NO_USAGE_MODEL = '(no usage)';

export const RATED_TABLES = {
  revenue_day: revenueDaySpec,
  model_day: modelDaySpec,
  quota_burn: quotaBurnSpec,
} as const;

export type RatedTableName = keyof typeof RATED_TABLES;
export const RATED_TABLE_NAMES = Object.keys(RATED_TABLES) as RatedTableName[];
export type RevenueDayRow = RowOf<typeof revenueDaySpec>;
export type ModelDayRow = RowOf<typeof modelDaySpec>;
export type QuotaBurnRow = RowOf<typeof quotaBurnSpec>;

export function isRatedTable(s: string): s is RatedTableName {
  return Object.prototype.hasOwnProperty.call(RATED_TABLES, s);
}

const REGION_BY_PROVINCE = new Map(Object.values(PROVINCES_BY_GEONAMES_CODE).map((p) => [p.name, p.region]));

/** Region of a province name ('Unknown' for names outside the catalog). */
export function regionOfProvince(province: string): string {
  return REGION_BY_PROVINCE.get(province) ?? 'Unknown';
}
