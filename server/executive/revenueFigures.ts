// Revenue figures of a set of days, summed from the rating's rated tables (raw days) or the daily revenue history:
// the same sums the revenue explorer's SQL takes over revenue_day / model_day, so every figure matches it to the fen.
import type { RevenueHistoryRow } from '../../schema/history.js';
import type { RevenueDayRow } from '../../schema/ratedTables.js';
import type { RatedForHistory } from '../../pipelines/history/rollupFromRaw.js';
import { DAY_MS, utcDayMs } from '../../pipelines/rating/exactMoney.js';
import type { DataScope } from '../identity/dataScope.js';
import type { DayRange } from './dayRange.js';

export interface RevenueSlice { revenueFen: number; payingAccountDays: number }

/** Additive over disjoint day sets (ARPU and averages are taken at the end, over `days`). */
export interface RevenueFigures {
  subscriptionFen: number; packFen: number; paygFen: number; overageFen: number; revenueFen: number;
  /** Sum over days of paying accounts (the explorer's ARPU numerator of the denominator). */
  payingAccountDays: number;
  /** UTC days holding any row in scope (the explorer's distinct-day count). */
  days: Set<number>;
  tokens: number;
  newAccounts: number;
  churnedAccounts: number;
  byTier: Map<number, RevenueSlice>;
  bySegment: Map<string, RevenueSlice>;
  byProvince: Map<string, RevenueSlice>;
}

export function emptyRevenue(): RevenueFigures {
  return {
    subscriptionFen: 0, packFen: 0, paygFen: 0, overageFen: 0, revenueFen: 0, payingAccountDays: 0, days: new Set(),
    tokens: 0, newAccounts: 0, churnedAccounts: 0, byTier: new Map(), bySegment: new Map(), byProvince: new Map(),
  };
}

function addSlice<K>(m: Map<K, RevenueSlice>, k: K, revenueFen: number, paying: number): void {
  const s = m.get(k);
  if (s) { s.revenueFen += revenueFen; s.payingAccountDays += paying; } else m.set(k, { revenueFen, payingAccountDays: paying });
}

type MoneyRow = Pick<RevenueDayRow, 'day' | 'tier_id' | 'segment' | 'province' | 'subscription_fen' | 'pack_fen' | 'payg_fen' | 'overage_fen' | 'revenue_fen' | 'paying_accounts'>;

function addMoneyRow(f: RevenueFigures, r: MoneyRow): void {
  f.subscriptionFen += r.subscription_fen; f.packFen += r.pack_fen; f.paygFen += r.payg_fen; f.overageFen += r.overage_fen;
  f.revenueFen += r.revenue_fen; f.payingAccountDays += r.paying_accounts;
  f.days.add(r.day);
  addSlice(f.byTier, r.tier_id, r.revenue_fen, r.paying_accounts);
  addSlice(f.bySegment, r.segment, r.revenue_fen, r.paying_accounts);
  addSlice(f.byProvince, r.province, r.revenue_fen, r.paying_accounts);
}

const inRange = (day: number, r: DayRange) => day >= r.fromMs && day < r.toMs;

/** What the rating holds for the raw days: its rated tables and its per-account daily revenue and paying flags. */
export type RatedDays = RatedForHistory;

/**
 * Raw days from the rating. New accounts by signup day; churned by the history rollup's rule (rollupFromRaw's
 * revenueHistoryRows: paying the day before, not paying on the day), so a day reads the same once rolled into history.
 */
export function revenueFromRated(f: RevenueFigures, rated: RatedDays, range: DayRange, scope: DataScope): void {
  for (const r of rated.revenueDay) if (inRange(r.day, range) && scope.hasProvince(r.province)) addMoneyRow(f, r);
  for (const m of rated.modelDay) if (inRange(m.day, range) && scope.hasProvince(m.province)) f.tokens += m.tokens_in + m.tokens_out;
  const d = rated.accountDays;
  const nDays = Math.round((d.range.toMs - d.range.fromMs) / DAY_MS);
  const lo = Math.max(0, Math.ceil((range.fromMs - d.range.fromMs) / DAY_MS));
  const hi = Math.min(nDays, Math.ceil((range.toMs - d.range.fromMs) / DAY_MS));
  d.accounts.forEach((a, idx) => {
    if (!scope.hasProvince(a.province)) return;
    const signup = (utcDayMs(a.signup_date) - d.range.fromMs) / DAY_MS;
    if (signup >= lo && signup < hi) f.newAccounts++;
    const base = idx * nDays;
    for (let i = Math.max(lo, 1); i < hi; i++) if (d.paying[base + i - 1] === 1 && d.paying[base + i] === 0) f.churnedAccounts++;
  });
}

/** History days (before the raw data), already cut to the scope's provinces by the reader or here. */
export function revenueFromHistory(f: RevenueFigures, rows: readonly RevenueHistoryRow[], range: DayRange, scope: DataScope): void {
  for (const r of rows) {
    if (!inRange(r.day, range) || !scope.hasProvince(r.province)) continue;
    addMoneyRow(f, r);
    f.tokens += r.tokens; f.newAccounts += r.new_accounts; f.churnedAccounts += r.churned_accounts;
  }
}

/** Adds `b` into `a` (figures of disjoint day sets). */
export function mergeRevenue(a: RevenueFigures, b: RevenueFigures): void {
  a.subscriptionFen += b.subscriptionFen; a.packFen += b.packFen; a.paygFen += b.paygFen; a.overageFen += b.overageFen;
  a.revenueFen += b.revenueFen; a.payingAccountDays += b.payingAccountDays; a.tokens += b.tokens;
  a.newAccounts += b.newAccounts; a.churnedAccounts += b.churnedAccounts;
  for (const d of b.days) a.days.add(d);
  for (const [k, s] of b.byTier) addSlice(a.byTier, k, s.revenueFen, s.payingAccountDays);
  for (const [k, s] of b.bySegment) addSlice(a.bySegment, k, s.revenueFen, s.payingAccountDays);
  for (const [k, s] of b.byProvince) addSlice(a.byProvince, k, s.revenueFen, s.payingAccountDays);
}
