// Quota burn-down: when a monthly plan's included tokens run out at the account's recent rate, and the overage that implies.
import type { Tier } from '../../schema/tables.js';
import { CENTI, DAY_MS, fenForCentiTokens, utcDayMs } from './exactMoney.js';
import type { AccountRating } from './rateAccount.js';

export interface QuotaBurnForecast {
  accountId: number;
  tierId: number;
  periodStartMs: number;
  periodEndMs: number;
  includedTokens: number;
  usedTokens: number;
  recentTokensPerDay: number;
  /** UTC day the quota is (forecast to be) used up; null when it lasts to the end of the span. */
  runoutDayMs: number | null;
  forecastOverageTokens: number;
  expectedOverageFen: number;
  overageFenSoFar: number;
}

/**
 * For the plan span active at nowMs: usage so far (billable, month to date), recent rate = billable
 * tokens over the last `recentDays` days (or since dataStartMs if later) per elapsed day, linear
 * forecast to the end of the span. Expected overage fen = the forecast month's whole overage line.
 */
export function forecastQuotaBurn(rating: AccountRating, tiers: ReadonlyMap<number, Tier>, nowMs: number, dataStartMs: number, recentDays = 7): QuotaBurnForecast | null {
  const today = utcDayMs(nowMs);
  const line = rating.lines.find((l) => l.kind === 'subscription' && l.activeFromMs <= today && today < l.activeToMs);
  if (!line) return null;
  const tier = tiers.get(line.tierId);
  if (!tier || tier.kind !== 'monthly') return null;
  const quotaCenti = line.includedTokens * 100;
  let used = 0, crossed: number | null = null;
  for (const d of rating.days) {
    if (d.dayMs < line.activeFromMs || d.dayMs > today) continue;
    used += d.billableCentiTokens;
    if (crossed === null && used > quotaCenti) crossed = d.dayMs;
  }
  const windowStart = Math.max(today - recentDays * DAY_MS, dataStartMs);
  const elapsedDays = (nowMs - windowStart) / DAY_MS;
  let recent = 0;
  for (const d of rating.days) if (d.dayMs >= windowStart && d.dayMs <= today) recent += d.billableCentiTokens;
  const ratePerDay = elapsedDays > 0 ? recent / elapsedDays : 0;
  const remainingDays = Math.max(0, (line.activeToMs - nowMs) / DAY_MS);
  const forecastEnd = used + ratePerDay * remainingDays;
  let runout = crossed;
  if (runout === null && ratePerDay > 0) {
    const t = nowMs + ((quotaCenti - used) / ratePerDay) * DAY_MS;
    runout = t < line.activeToMs ? utcDayMs(t) : null;
  }
  const overCenti = Math.max(0, Math.floor(forecastEnd - quotaCenti));
  const soFar = rating.lines.find((l) => l.kind === 'overage' && l.tierId === line.tierId && l.activeFromMs === line.activeFromMs);
  const expected = Number(fenForCentiTokens(BigInt(overCenti), tier.overage_fen_per_mtok));
  return {
    accountId: rating.accountId, tierId: line.tierId, periodStartMs: line.activeFromMs, periodEndMs: line.activeToMs,
    includedTokens: line.includedTokens, usedTokens: Math.floor(used / 100), recentTokensPerDay: ratePerDay / 100,
    runoutDayMs: runout, forecastOverageTokens: Math.floor(overCenti / Number(CENTI)),
    expectedOverageFen: Math.max(expected, soFar?.amountFen ?? 0), overageFenSoFar: soFar?.amountFen ?? 0,
  };
}
