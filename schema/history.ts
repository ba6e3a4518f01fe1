// Daily history rollups: the long, coarse record executives compare months and years on (13+ months),
// kept beside the raw facts (which keep their own, shorter retention). Declared once; the fixtures write
// the synthetic past, the server rolls completed live days forward, the executive report reads them.
import { col, type RowOf, type TableSpec } from './columns.js';
import { revenueDaySpec } from './ratedTables.js';

const money = col.int64({ min: 0 });
const count = col.int32({ min: 0 });

// The rating's revenue_day columns without the channel (same names, types and order).
const { channel: _channel, ...revenueDayWithoutChannel } = revenueDaySpec;

/** Revenue per UTC day and (tier, segment, province): the rating's revenue_day without the channel, plus flows and tokens. */
export const revenueHistorySpec = {
  ...revenueDayWithoutChannel,
  /** Accounts signed up on the day. */
  new_accounts: count,
  /** Accounts whose paying stopped on the day (paying the day before, not from this day on). */
  churned_accounts: count,
  /** Input + output tokens used on the day. */
  tokens: col.int64({ min: 0 }),
} as const satisfies TableSpec;

/** Latency assurance per UTC day, site and service class served there that day. */
export const assuranceHistorySpec = {
  day: col.timestampMs(),
  site_id: col.int32({ min: 0 }),
  province: col.utf8(),
  region: col.utf8(),
  tier_id: col.int32({ min: 0 }),
  /** Minutes with a KPI sample; compliant minutes against the class's latency and uplink targets (additive over days). */
  measured_minutes: count,
  latency_compliant_minutes: count,
  /** Equal to measured_minutes for classes without an uplink guarantee. */
  uplink_compliant_minutes: count,
  /** Hours with a sample, and those whose assurance met the objective for this class. */
  site_hours: count,
  site_hours_met: count,
  /** Accounts of the class served at the site that day and the sum of their monthly fees. */
  accounts: count,
  monthly_fee_fen: money,
  /** Rated revenue of those accounts attributed to the site that day (by billable tokens). */
  revenue_fen: money,
} as const satisfies TableSpec;

export const TICKET_OUTCOMES = ['auto_healed', 'resolved_by_person', 'escalated', 'open'] as const;

/** One row per ticket (tickets are few): enough for medians and means over any period. */
export const ticketHistorySpec = {
  ticket_id: col.int64({ min: 0 }),
  opened_at: col.timestampMs(),
  rule_id: col.utf8(),
  runbook: col.utf8({ nullable: true }),
  province: col.utf8(),
  /** 1 when the ticket opened before any of its sites breached the SLA. */
  caught_before_breach: col.int32({ min: 0, max: 1 }),
  /** Minutes from open to the first breach, or to the predicted breach when it was prevented; null when unknown. */
  lead_minutes: col.float64({ min: 0, nullable: true }),
  outcome: col.utf8({ values: TICKET_OUTCOMES }),
  closed_at: col.timestampMs({ nullable: true }),
  escalated_at: col.timestampMs({ nullable: true }),
} as const satisfies TableSpec;

export const HISTORY_TABLES = {
  revenue_history: revenueHistorySpec,
  assurance_history: assuranceHistorySpec,
  ticket_history: ticketHistorySpec,
} as const;
export type HistoryTableName = keyof typeof HISTORY_TABLES;
export type RevenueHistoryRow = RowOf<typeof revenueHistorySpec>;
export type AssuranceHistoryRow = RowOf<typeof assuranceHistorySpec>;
export type TicketHistoryRow = RowOf<typeof ticketHistorySpec>;

/** Months of daily history the fixtures generate before the raw lake (a 13-month sparkline and the same month a year ago). */
export const HISTORY_MONTHS = 14;
