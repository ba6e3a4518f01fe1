// The subscription fee a monthly plan recognises on one day, exactly as the rating does (pro-rated, half-up per day).
import { DAY_MS, monthStartMs, nextMonthStartMs, utcDayMs } from '../rating/exactMoney.js';

/** Half-up integer division of non-negative safe integers (fees x days stay far below 2^53). */
const halfUp = (num: number, den: number) => Math.floor((2 * num + den) / (2 * den));

/** Fen recognised on day k (1-based) of a month of `daysInMonth` days by a plan active since the month's day 1 or later. */
export function feeShareFen(monthlyFeeFen: number, k: number, daysInMonth: number): number {
  return halfUp(monthlyFeeFen * k, daysInMonth) - halfUp(monthlyFeeFen * (k - 1), daysInMonth);
}

/** Fee (fen) recognised on `dayMs` by a monthly plan active since `signupMs` with no plan change (0 before signup). */
export function monthlyFeeIncrementFen(monthlyFeeFen: number, signupMs: number, dayMs: number): number {
  const signupDay = utcDayMs(signupMs);
  if (dayMs < signupDay) return 0;
  const m = monthStartMs(dayMs);
  const dim = Math.round((nextMonthStartMs(m) - m) / DAY_MS);
  return feeShareFen(monthlyFeeFen, (dayMs - Math.max(m, signupDay)) / DAY_MS + 1, dim);
}
