// What each CSV export of the explorer holds: names as shown (tier, segment, province...), money as RMB decimals,
// ISO dates stating the period, and the English keys / ids beside the names for joining.
import type { CsvTable } from './csvExport.js';
import { isoDay } from '../../../domain/period/isoDay.js';
import { DAY_MS } from './dateRange.js';
import { fenToRmbDecimal as rmb } from '../../../domain/money/formatMoney.js';
import type { RevenueLabels } from './revenueLabels.js';
import type { ArpuRow, BreakdownRow, ModelMixRow, ProvinceRow, QuotaBurnViewRow, RevenueOverTimeRow, SummaryRow, TimeGrain } from './revenueQueries.js';
import { bucketDays } from './timeGrain.js';

/** The days a result covers: [fromMs, toMs) in UTC days. */
export interface CsvPeriod { fromMs: number; toMs: number }

const period = (p: CsvPeriod) => ({ from_date: isoDay(p.fromMs), to_date: isoDay(p.toMs - DAY_MS) });
const PERIOD_COLUMNS = ['from_date', 'to_date'] as const;
const decimal2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '');

/** "revenue-breakdown_2026-11-23_2026-11-30.csv": the period is in the name too, so a saved file says what it covers. */
export function csvFileName(name: string, p: CsvPeriod | null): string {
  return p ? `${name}_${isoDay(p.fromMs)}_${isoDay(p.toMs - DAY_MS)}.csv` : `${name}.csv`;
}

/**
 * The headline figures. With a model filter the line kinds are not split by model: empty cells, not 0.00.
 * `filters` describes the filters in words (the totals mean nothing without them).
 */
export function summaryCsv(s: SummaryRow, p: CsvPeriod, o: { modelFiltered: boolean; filters: string }): CsvTable {
  const split = (fen: number) => (o.modelFiltered ? '' : rmb(fen));
  return {
    columns: [...PERIOD_COLUMNS, 'days', 'filters', 'revenue_rmb', 'subscription_rmb', 'packs_rmb', 'payg_rmb', 'overage_rmb', 'avg_paying_accounts', 'arpu_rmb'],
    rows: [{
      ...period(p), days: s.days, filters: o.filters, revenue_rmb: rmb(s.revenueFen), subscription_rmb: split(s.subscriptionFen),
      packs_rmb: split(s.packFen), payg_rmb: split(s.paygFen), overage_rmb: split(s.overageFen),
      avg_paying_accounts: decimal2(s.avgPayingAccounts), arpu_rmb: s.avgPayingAccounts > 0 ? rmb(s.arpuFen) : '',
    }],
  };
}

/** One row per bucket and tier; a bucket cut by the range states the days it really covers. */
export function overTimeCsv(rows: readonly RevenueOverTimeRow[], grain: TimeGrain, p: CsvPeriod, l: RevenueLabels): CsvTable {
  return {
    columns: ['period_start', 'period_end', 'grain', 'tier', 'revenue_rmb', 'tier_id'],
    rows: rows.map((r) => {
      const b = bucketDays(r.periodMs, grain, p);
      return { period_start: isoDay(b.fromMs), period_end: isoDay(b.toMs - DAY_MS), grain, tier: l.tier(r.tierId), revenue_rmb: rmb(r.revenueFen), tier_id: r.tierId };
    }),
  };
}

export function arpuBySegmentCsv(rows: readonly ArpuRow[], p: CsvPeriod, l: RevenueLabels): CsvTable {
  return {
    columns: [...PERIOD_COLUMNS, 'segment', 'revenue_rmb', 'avg_paying_accounts', 'arpu_rmb', 'segment_key'],
    rows: rows.map((r) => ({
      ...period(p), segment: l.segment(r.key), revenue_rmb: rmb(r.revenueFen), avg_paying_accounts: decimal2(r.avgPayingAccounts),
      arpu_rmb: r.avgPayingAccounts > 0 ? rmb(r.arpuFen) : '', segment_key: r.key,
    })),
  };
}

export function provincesCsv(rows: readonly ProvinceRow[], p: CsvPeriod, l: RevenueLabels): CsvTable {
  return {
    columns: [...PERIOD_COLUMNS, 'province', 'region', 'revenue_rmb', 'arpu_rmb', 'province_key', 'region_key'],
    rows: rows.map((r) => ({
      ...period(p), province: l.province(r.province), region: l.region(r.region), revenue_rmb: rmb(r.revenueFen), arpu_rmb: rmb(r.arpuFen),
      province_key: r.province, region_key: r.region,
    })),
  };
}

export function modelMixCsv(rows: readonly ModelMixRow[], p: CsvPeriod, l: RevenueLabels): CsvTable {
  return {
    columns: [...PERIOD_COLUMNS, 'model', 'tokens', 'requests', 'compute_cost_rmb', 'revenue_rmb', 'gross_margin_rmb', 'model_key'],
    rows: rows.map((r) => ({
      ...period(p), model: l.model(r.model), tokens: Math.round(r.tokens), requests: Math.round(r.requests), compute_cost_rmb: rmb(r.computeCostFen),
      revenue_rmb: rmb(r.revenueFen), gross_margin_rmb: rmb(r.grossMarginFen), model_key: r.model,
    })),
  };
}

export function breakdownCsv(rows: readonly BreakdownRow[], p: CsvPeriod, l: RevenueLabels, o: { modelFiltered: boolean }): CsvTable {
  const split = (fen: number) => (o.modelFiltered ? '' : rmb(fen));
  return {
    columns: [...PERIOD_COLUMNS, 'tier', 'segment', 'province', 'revenue_rmb', 'subscription_rmb', 'packs_rmb', 'payg_rmb', 'overage_rmb',
      'avg_paying_accounts', 'arpu_rmb', 'tier_id', 'segment_key', 'province_key'],
    rows: rows.map((r) => ({
      ...period(p), tier: l.tier(r.tierId), segment: l.segment(r.segment), province: l.province(r.province), revenue_rmb: rmb(r.revenueFen),
      subscription_rmb: split(r.subscriptionFen), packs_rmb: split(r.packFen), payg_rmb: split(r.paygFen), overage_rmb: split(r.overageFen),
      avg_paying_accounts: decimal2(r.avgPayingAccounts), arpu_rmb: r.avgPayingAccounts > 0 ? rmb(r.arpuFen) : '',
      tier_id: r.tierId, segment_key: r.segment, province_key: r.province,
    })),
  };
}

/** The current billing month's burn-down (not the date range): run-out and month end as ISO days. */
export function quotaBurnCsv(rows: readonly QuotaBurnViewRow[], l: RevenueLabels): CsvTable {
  return {
    columns: ['account_id', 'tier', 'segment', 'province', 'included_tokens', 'used_tokens', 'used_pct', 'tokens_per_day', 'runout_date',
      'period_end_date', 'expected_overage_rmb', 'overage_so_far_rmb', 'tier_id', 'segment_key', 'province_key'],
    rows: rows.map((r) => ({
      account_id: r.accountId, tier: l.tier(r.tierId), segment: l.segment(r.segment), province: l.province(r.province),
      included_tokens: Math.round(r.includedTokens), used_tokens: Math.round(r.usedTokens),
      used_pct: r.includedTokens > 0 ? ((100 * r.usedTokens) / r.includedTokens).toFixed(1) : '',
      tokens_per_day: Math.round(r.recentTokensPerDay), runout_date: r.runoutDayMs === null ? '' : isoDay(r.runoutDayMs),
      period_end_date: isoDay(r.periodEndMs - DAY_MS), expected_overage_rmb: rmb(r.expectedOverageFen), overage_so_far_rmb: rmb(r.overageFenSoFar),
      tier_id: r.tierId, segment_key: r.segment, province_key: r.province,
    })),
  };
}
