// Rates one account over a date range: tier timeline x daily usage -> invoice lines per billing month
// and the revenue recognised on each day (DESIGN.md "Definitions"; the rules are listed in README.md "Rating").
import type { Tier } from '../../schema/tables.js';
import {
  CENTI, DAY_MS, daysBetween, divHalfUp, fenForCentiTokens, isUtcMidnight, monthStartMs, nextMonthStartMs,
  toSafeNumber, utcDayMs,
} from './exactMoney.js';

export const INVOICE_LINE_KINDS = ['subscription', 'one_time_pack', 'payg', 'overage'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];

/** Token usage of one account on one UTC day. */
export interface DailyUsage {
  dayMs: number;
  tokensIn: number;
  tokensOut: number;
  /** Cached input tokens (a subset of tokensIn), billed at the tier's cached_rate_pct. */
  cachedTokens: number;
}

/** A plan change effective from a UTC midnight (upgrade or downgrade). */
export interface TierChange {
  effectiveDayMs: number;
  fromTierId: number;
  toTierId: number;
}

export interface RatingAccount {
  account_id: number;
  /** The current tier: the one after the last change. */
  tier_id: number;
  signup_date: number;
}

/** [fromMs, toMs) at UTC midnights: the days whose usage is known. */
export interface RatingRange { fromMs: number; toMs: number }

export interface InvoiceLine {
  accountId: number;
  tierId: number;
  kind: InvoiceLineKind;
  /** The billing month [start, end), calendar month in UTC. */
  periodStartMs: number;
  periodEndMs: number;
  /** Days of the month on which this tier was the account's plan. */
  activeFromMs: number;
  activeToMs: number;
  /** subscription: active days; one_time_pack: packs bought; payg / overage: billable tokens (whole, rounded down). */
  quantity: number;
  /** payg / overage: exact billable quantity in centi-tokens; 0 otherwise. */
  billableCentiTokens: number;
  /** subscription / overage: the pro-rated included quota in tokens; 0 otherwise. */
  includedTokens: number;
  amountFen: number;
}

/** Revenue recognised on one day; over a whole billing month the days sum exactly to the invoice lines. */
export interface DailyRevenue {
  dayMs: number;
  tierId: number;
  subscriptionFen: number;
  packFen: number;
  paygFen: number;
  overageFen: number;
  packsBought: number;
  billableCentiTokens: number;
}

/** Days inside the range on which the account counts as paying (for ARPU's denominator). */
export interface PayingSpan { tierId: number; fromMs: number; toMs: number }

export interface AccountRating {
  accountId: number;
  lines: InvoiceLine[];
  /** Days inside the range with usage or revenue, ascending. */
  days: DailyRevenue[];
  paying: PayingSpan[];
}

export class RatingInputError extends Error {
  constructor(readonly accountId: number, message: string) {
    super(`account ${accountId}: ${message}`);
    this.name = 'RatingInputError';
  }
}

interface TierSpan { tierId: number; fromMs: number; toMs: number }

/** The tier in force on each day from signup onwards, validated against the change list. */
function tierTimeline(a: RatingAccount, changes: readonly TierChange[], fail: (m: string) => never): TierSpan[] {
  const sorted = [...changes].sort((x, y) => x.effectiveDayMs - y.effectiveDayMs);
  let tier = sorted[0]?.fromTierId ?? a.tier_id;
  let from = utcDayMs(a.signup_date);
  const out: TierSpan[] = [];
  for (const c of sorted) {
    if (!isUtcMidnight(c.effectiveDayMs)) fail(`tier change at ${c.effectiveDayMs} is not a UTC midnight`);
    if (c.fromTierId !== tier) fail(`tier change on ${new Date(c.effectiveDayMs).toISOString()} is from tier ${c.fromTierId}, but tier ${tier} is active`);
    // A change on or before the signup day only decides the tier the account signs up with.
    if (c.effectiveDayMs > from) out.push({ tierId: tier, fromMs: from, toMs: c.effectiveDayMs });
    from = Math.max(from, c.effectiveDayMs);
    tier = c.toTierId;
  }
  if (tier !== a.tier_id) fail(`tier changes end on tier ${tier}, but the account's current tier is ${a.tier_id}`);
  out.push({ tierId: tier, fromMs: from, toMs: Number.POSITIVE_INFINITY });
  return out;
}

/** Billable tokens x 100: uncached input + output at full rate, cached input at cached_rate_pct (exact). */
export function billableCentiTokens(u: Pick<DailyUsage, 'tokensIn' | 'tokensOut' | 'cachedTokens'>, cachedRatePct: number): bigint {
  const cached = BigInt(Math.min(u.cachedTokens, u.tokensIn));
  const full = BigInt(u.tokensIn) - cached + BigInt(u.tokensOut);
  return full * CENTI + cached * BigInt(cachedRatePct);
}

function checkUsage(u: DailyUsage, fail: (m: string) => never): void {
  if (!isUtcMidnight(u.dayMs)) fail(`usage day ${u.dayMs} is not a UTC midnight`);
  for (const k of ['tokensIn', 'tokensOut', 'cachedTokens'] as const) {
    if (!Number.isSafeInteger(u[k]) || u[k] < 0) fail(`usage ${k} on ${new Date(u.dayMs).toISOString()} is not a non-negative integer (${u[k]})`);
  }
}

/**
 * Rates one account for every billing month that intersects the range.
 * - monthly: fee x active days / days in month; included quota pro-rated the same way (half-up, whole
 *   tokens); overage = billable tokens above the quota x overage price. Each tier span of a month
 *   (upgrade / downgrade) is its own subscription with its own quota.
 * - payg: all billable tokens x the tier's price (overage_fen_per_mtok), per month.
 * - one_time: a pack (monthly_fee_fen for included_tokens) is bought when the plan starts and again
 *   whenever the tokens bought so far are used up; an account that joined before the range holds one
 *   fresh pack at the range start. No overage.
 * - cached input tokens count at cached_rate_pct of a token, for billing and for quota.
 * Every line is rounded once, half-up; day i of a line recognises R(exact amount to day i) - R(to day i-1).
 */
export function rateAccount(
  account: RatingAccount,
  tiers: ReadonlyMap<number, Tier>,
  usage: readonly DailyUsage[],
  range: RatingRange,
  tierChanges: readonly TierChange[] = [],
): AccountRating {
  const id = account.account_id;
  const fail = (m: string): never => { throw new RatingInputError(id, m); };
  if (!isUtcMidnight(range.fromMs) || !isUtcMidnight(range.toMs) || range.toMs <= range.fromMs) {
    fail(`range ${range.fromMs}..${range.toMs} must be UTC midnights, from < to`);
  }
  const signupDay = utcDayMs(account.signup_date);
  const usageByDay = new Map<number, DailyUsage>();
  for (const u of usage) {
    checkUsage(u, fail);
    if (u.dayMs < range.fromMs || u.dayMs >= range.toMs) continue;
    if (u.dayMs < signupDay) fail(`usage on ${new Date(u.dayMs).toISOString()} before signup`);
    const prev = usageByDay.get(u.dayMs);
    usageByDay.set(u.dayMs, prev
      ? { dayMs: u.dayMs, tokensIn: prev.tokensIn + u.tokensIn, tokensOut: prev.tokensOut + u.tokensOut, cachedTokens: prev.cachedTokens + u.cachedTokens }
      : u);
  }
  const spans = tierTimeline(account, tierChanges, fail);
  const tierOf = (tierId: number): Tier => tiers.get(tierId) ?? fail(`unknown tier ${tierId}`);
  for (const s of spans) tierOf(s.tierId);

  const lines: InvoiceLine[] = [];
  const days = new Map<number, DailyRevenue>();
  const paying: PayingSpan[] = [];
  const dayEntry = (dayMs: number, tierId: number): DailyRevenue => {
    let d = days.get(dayMs);
    if (!d) {
      d = { dayMs, tierId, subscriptionFen: 0, packFen: 0, paygFen: 0, overageFen: 0, packsBought: 0, billableCentiTokens: 0 };
      days.set(dayMs, d);
    }
    return d;
  };
  const inRange = (dayMs: number) => dayMs >= range.fromMs && dayMs < range.toMs;
  const addPaying = (tierId: number, a: number, b: number) => {
    const from = Math.max(a, range.fromMs), to = Math.min(b, range.toMs);
    if (to > from) paying.push({ tierId, fromMs: from, toMs: to });
  };

  const firstMonth = monthStartMs(Math.max(range.fromMs, signupDay));
  for (let m = firstMonth; m < range.toMs; m = nextMonthStartMs(m)) {
    const mEnd = nextMonthStartMs(m);
    const daysInMonth = BigInt(daysBetween(m, mEnd));
    for (const s of spans) {
      const a = Math.max(s.fromMs, m, signupDay);
      const b = Math.min(s.toMs, mEnd);
      if (b <= a) continue;
      const tier = tierOf(s.tierId);
      const activeDays = daysBetween(a, b);
      const base = { accountId: id, tierId: s.tierId, periodStartMs: m, periodEndMs: mEnd, activeFromMs: a, activeToMs: b };
      if (tier.kind === 'monthly') {
        const fee = BigInt(tier.monthly_fee_fen);
        const quotaTokens = divHalfUp(BigInt(tier.included_tokens) * BigInt(activeDays), daysInMonth);
        const quotaCenti = quotaTokens * CENTI;
        const feeFen = divHalfUp(fee * BigInt(activeDays), daysInMonth);
        lines.push({ ...base, kind: 'subscription', quantity: activeDays, billableCentiTokens: 0, includedTokens: toSafeNumber(quotaTokens, 'quota'), amountFen: toSafeNumber(feeFen, 'fee') });
        let cum = 0n, prevOver = 0n;
        for (let k = 1; k <= activeDays; k++) {
          const day = a + (k - 1) * DAY_MS;
          if (!inRange(day)) continue;
          const d = dayEntry(day, s.tierId);
          d.subscriptionFen += toSafeNumber(divHalfUp(fee * BigInt(k), daysInMonth) - divHalfUp(fee * BigInt(k - 1), daysInMonth), 'fee');
          const u = usageByDay.get(day);
          if (!u) continue;
          const bill = billableCentiTokens(u, tier.cached_rate_pct);
          d.billableCentiTokens += toSafeNumber(bill, 'billable');
          cum += bill;
          const over = cum > quotaCenti ? fenForCentiTokens(cum - quotaCenti, tier.overage_fen_per_mtok) : 0n;
          d.overageFen += toSafeNumber(over - prevOver, 'overage');
          prevOver = over;
        }
        if (cum > quotaCenti) {
          const overCenti = cum - quotaCenti;
          lines.push({ ...base, kind: 'overage', quantity: toSafeNumber(overCenti / CENTI, 'tokens'), billableCentiTokens: toSafeNumber(overCenti, 'billable'), includedTokens: toSafeNumber(quotaTokens, 'quota'), amountFen: toSafeNumber(prevOver, 'overage') });
        }
        if (feeFen > 0n || prevOver > 0n) addPaying(s.tierId, a, b);
      } else if (tier.kind === 'payg') {
        let cum = 0n, prevFen = 0n;
        for (let day = a; day < b; day += DAY_MS) {
          const u = inRange(day) ? usageByDay.get(day) : undefined;
          if (!u) continue;
          const bill = billableCentiTokens(u, tier.cached_rate_pct);
          cum += bill;
          const fen = fenForCentiTokens(cum, tier.overage_fen_per_mtok);
          const d = dayEntry(day, s.tierId);
          d.billableCentiTokens += toSafeNumber(bill, 'billable');
          d.paygFen += toSafeNumber(fen - prevFen, 'payg');
          prevFen = fen;
        }
        if (cum > 0n) {
          lines.push({ ...base, kind: 'payg', quantity: toSafeNumber(cum / CENTI, 'tokens'), billableCentiTokens: toSafeNumber(cum, 'billable'), includedTokens: 0, amountFen: toSafeNumber(prevFen, 'payg') });
        }
        if (prevFen > 0n) addPaying(s.tierId, a, b);
      }
    }
  }
  ratePackSpans(spans, tierOf, usageByDay, range, signupDay, dayEntry, inRange, (line) => lines.push({ accountId: id, ...line }), addPaying);

  lines.sort((x, y) => x.periodStartMs - y.periodStartMs || x.activeFromMs - y.activeFromMs || INVOICE_LINE_KINDS.indexOf(x.kind) - INVOICE_LINE_KINDS.indexOf(y.kind));
  paying.sort((x, y) => x.fromMs - y.fromMs);
  return { accountId: id, lines, days: [...days.values()].sort((x, y) => x.dayMs - y.dayMs), paying };
}

/** One-time packs: purchases follow cumulative usage across months, then are grouped into monthly lines. */
function ratePackSpans(
  spans: readonly TierSpan[],
  tierOf: (id: number) => Tier,
  usageByDay: ReadonlyMap<number, DailyUsage>,
  range: RatingRange,
  signupDay: number,
  dayEntry: (dayMs: number, tierId: number) => DailyRevenue,
  inRange: (dayMs: number) => boolean,
  emit: (line: Omit<InvoiceLine, 'accountId'>) => void,
  addPaying: (tierId: number, a: number, b: number) => void,
): void {
  for (const s of spans) {
    const tier = tierOf(s.tierId);
    if (tier.kind !== 'one_time') continue;
    const start = Math.max(s.fromMs, signupDay);
    const from = Math.max(start, range.fromMs);
    const to = Math.min(s.toMs, range.toMs);
    if (to <= from) continue;
    const packCenti = BigInt(tier.included_tokens) * CENTI;
    const price = tier.monthly_fee_fen;
    const bought = new Map<number, number>(); // month start -> packs
    const buy = (day: number, n: number) => {
      if (n <= 0) return;
      const d = dayEntry(day, s.tierId);
      d.packsBought += n;
      d.packFen += n * price;
      const m = monthStartMs(day);
      bought.set(m, (bought.get(m) ?? 0) + n);
    };
    // Packs needed so far: at least the one the plan starts with.
    const held = (cum: bigint): bigint => {
      if (packCenti === 0n) return 1n;
      const n = (cum + packCenti - 1n) / packCenti;
      return n > 1n ? n : 1n;
    };
    if (start >= range.fromMs) buy(start, 1);
    let cum = 0n;
    for (let day = from; day < to; day += DAY_MS) {
      const u = inRange(day) ? usageByDay.get(day) : undefined;
      if (!u) continue;
      const bill = billableCentiTokens(u, tier.cached_rate_pct);
      const before = held(cum);
      cum += bill;
      const d = dayEntry(day, s.tierId);
      d.billableCentiTokens += toSafeNumber(bill, 'billable');
      buy(day, toSafeNumber(held(cum) - before, 'packs'));
    }
    for (const [m, n] of [...bought.entries()].sort((x, y) => x[0] - y[0])) {
      const mEnd = nextMonthStartMs(m);
      const a = Math.max(start, m), b = Math.min(s.toMs, mEnd);
      emit({ tierId: s.tierId, kind: 'one_time_pack', periodStartMs: m, periodEndMs: mEnd, activeFromMs: a, activeToMs: b, quantity: n, billableCentiTokens: 0, includedTokens: 0, amountFen: n * price });
      addPaying(s.tierId, a, b);
    }
  }
}

/** Total of the revenue recognised per account on days in [fromMs, toMs). */
export function revenueByAccount(ratings: Iterable<AccountRating>, fromMs: number, toMs: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of ratings) {
    let fen = 0;
    for (const d of r.days) if (d.dayMs >= fromMs && d.dayMs < toMs) fen += dailyTotalFen(d);
    out.set(r.accountId, fen);
  }
  return out;
}

export function dailyTotalFen(d: DailyRevenue): number {
  return d.subscriptionFen + d.packFen + d.paygFen + d.overageFen;
}

/** Sum of invoice line amounts by kind (handy for invoices and checks). */
export function invoiceTotalsByKind(lines: readonly InvoiceLine[]): Record<InvoiceLineKind, number> {
  const out: Record<InvoiceLineKind, number> = { subscription: 0, one_time_pack: 0, payg: 0, overage: 0 };
  for (const l of lines) out[l.kind] += l.amountFen;
  return out;
}
