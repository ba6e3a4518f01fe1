// The OpsDeck data model (DESIGN.md): every table's columns, once, for fixtures, pipelines, server and client.
import { col, type RowOf, type TableSpec } from './columns.js';
import { FAULT_KINDS } from './faultCatalog.js';

export const TECHS = ['5G-A', '5G', 'LTE', 'FTTH-OLT', 'edge-DC'] as const;
export const SEGMENTS = ['family', 'developer', 'sme', 'enterprise', 'government'] as const;
export const TIER_KINDS = ['monthly', 'one_time', 'payg'] as const;
export const ROUTES = ['edge', 'central'] as const;
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export const ALARM_STATES = ['raised', 'cleared'] as const;
export const CHANNELS = ['app', 'online', 'retail', 'enterprise_sales', 'partner'] as const;

export type Tech = (typeof TECHS)[number];
export type Segment = (typeof SEGMENTS)[number];
export type Severity = (typeof SEVERITIES)[number];

// String columns not capped here get DEFAULT_MAX_STRING_LENGTH (256); enum columns are also held to their values.
const siteId = col.int32({ min: 0 });
const accountId = col.int32({ min: 0 });
const nonNegInt = col.int32({ min: 0 });
const nonNeg = col.float64({ min: 0 });

export const siteSpec = {
  site_id: siteId,
  name: col.utf8({ maxLength: 128 }),
  city: col.utf8({ maxLength: 64 }),
  province: col.utf8({ maxLength: 64 }),
  region: col.utf8({ maxLength: 64 }),
  lat: col.float64({ min: -90, max: 90 }),
  lon: col.float64({ min: -180, max: 180 }),
  tech: col.utf8({ values: TECHS }),
  /** Sites sharing a transport node fail together: correlate on it. */
  transport_node_id: col.int32({ min: 0 }),
} as const satisfies TableSpec;

export const tierSpec = {
  tier_id: col.int32({ min: 0 }),
  name: col.utf8({ maxLength: 128 }),
  segment: col.utf8({ values: SEGMENTS }),
  kind: col.utf8({ values: TIER_KINDS }),
  monthly_fee_fen: nonNegInt,
  included_tokens: col.int64({ min: 0 }),
  overage_fen_per_mtok: nonNegInt,
  /** Share (percent) of the normal rate at which cached input tokens are billed / drawn from quota. */
  cached_rate_pct: col.int32({ min: 0, max: 100 }),
  latency_sla_ms: col.float64({ min: 0 }),
  uplink_sla_mbps: col.float64({ min: 0, nullable: true }),
} as const satisfies TableSpec;

export const accountSpec = {
  account_id: accountId,
  segment: col.utf8({ values: SEGMENTS }),
  tier_id: col.int32({ min: 0 }),
  province: col.utf8({ maxLength: 64 }),
  /** UTC midnight of the signup day. */
  signup_date: col.timestampMs(),
  channel: col.utf8({ values: CHANNELS }),
} as const satisfies TableSpec;

export const usageSpec = {
  /** Unique per event; ingest is idempotent on it. */
  event_id: col.int64({ min: 0 }),
  ts: col.timestampMs(),
  account_id: accountId,
  site_id: siteId,
  /** A model name such as 'DeepSeek-V3.2'. */
  model: col.utf8({ maxLength: 64 }),
  route: col.utf8({ values: ROUTES }),
  tokens_in: nonNegInt,
  tokens_out: nonNegInt,
  cached_tokens: nonNegInt,
  ttft_ms: nonNeg,
  compute_cost_fen_per_mtok: nonNegInt,
} as const satisfies TableSpec;

export const kpiSpec = {
  ts: col.timestampMs(),
  site_id: siteId,
  /** p95 round-trip time over the minute. */
  latency_ms: nonNeg,
  jitter_ms: nonNeg,
  loss_pct: col.float64({ min: 0, max: 100 }),
  dl_mbps: nonNeg,
  ul_mbps: nonNeg,
  prb_util: col.float64({ min: 0, max: 1 }),
  active_users: nonNegInt,
} as const satisfies TableSpec;

export const alarmSpec = {
  ts: col.timestampMs(),
  alarm_id: col.int64({ min: 0 }),
  site_id: siteId,
  severity: col.utf8({ values: SEVERITIES }),
  /** The equipment's text, e.g. 'Baseband unit failure'. */
  probable_cause: col.utf8({ maxLength: 256 }),
  state: col.utf8({ values: ALARM_STATES }),
} as const satisfies TableSpec;

/** Ground truth, evaluation only: detectors and rules must never read it. */
export const faultSpec = {
  fault_id: col.int32({ min: 0 }),
  site_id: col.int32({ min: 0, nullable: true }),
  transport_node_id: col.int32({ min: 0, nullable: true }),
  kind: col.utf8({ values: FAULT_KINDS }),
  start_ts: col.timestampMs(),
  end_ts: col.timestampMs(),
  severity: col.utf8({ values: SEVERITIES }),
} as const satisfies TableSpec;

export type Site = RowOf<typeof siteSpec>;
export type Tier = RowOf<typeof tierSpec>;
export type Account = RowOf<typeof accountSpec>;
export type Usage = RowOf<typeof usageSpec>;
export type Kpi = RowOf<typeof kpiSpec>;
export type Alarm = RowOf<typeof alarmSpec>;
export type Fault = RowOf<typeof faultSpec>;

/** How each table is stored and streamed. */
export interface TableMeta {
  readonly spec: TableSpec;
  /** Fact tables stream and are partitioned by date of `timeColumn`. */
  readonly kind: 'dimension' | 'fact' | 'ground_truth';
  readonly timeColumn?: string;
  /** Columns whose values identify one event: a second arrival with the same key is a duplicate. */
  readonly key: readonly string[];
}

export const TABLES = {
  site: { spec: siteSpec, kind: 'dimension', key: ['site_id'] },
  tier: { spec: tierSpec, kind: 'dimension', key: ['tier_id'] },
  account: { spec: accountSpec, kind: 'dimension', key: ['account_id'] },
  usage: { spec: usageSpec, kind: 'fact', timeColumn: 'ts', key: ['event_id'] },
  kpi: { spec: kpiSpec, kind: 'fact', timeColumn: 'ts', key: ['site_id', 'ts'] },
  alarm: { spec: alarmSpec, kind: 'fact', timeColumn: 'ts', key: ['alarm_id', 'state'] },
  fault: { spec: faultSpec, kind: 'ground_truth', timeColumn: 'start_ts', key: ['fault_id'] },
} as const satisfies Record<string, TableMeta>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
/** Tables that arrive as events and stream live. */
export const FACT_TABLES = ['usage', 'kpi', 'alarm'] as const;
export type FactTable = (typeof FACT_TABLES)[number];

export interface RowTypes {
  site: Site; tier: Tier; account: Account; usage: Usage; kpi: Kpi; alarm: Alarm; fault: Fault;
}

export function isFactTable(s: string): s is FactTable {
  return (FACT_TABLES as readonly string[]).includes(s);
}
