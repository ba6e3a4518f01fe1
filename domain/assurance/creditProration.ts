// SLA credits pro-rated to a window: a monthly credit counted for the share of its month(s) the window covers,
// the way the rating recognises a monthly fee (fee x active days / days in that month; a part day by its share of 24 h).
import type { AssuranceWindow, SiteAssurance } from './latencyAssurance.js';

const DAY_MS = 86_400_000;
/** lcm(28, 29, 30, 31): one denominator for every month length, so a window over two months stays exact. */
const MONTH_DAYS_LCM = 377_580n;

function monthStartMs(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonthStartMs(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The window's share of a month as an exact fraction `num / den`: the sum over the UTC months it overlaps of
 * (overlap ms) / (days in that month x 24 h). A whole January day is 1/31, a whole February 2026 day 1/28.
 */
export function windowMonthShare(w: AssuranceWindow): { num: bigint; den: bigint } {
  const den = MONTH_DAYS_LCM * BigInt(DAY_MS);
  let num = 0n;
  if (!(w.toMs > w.fromMs)) return { num, den };
  for (let m = monthStartMs(w.fromMs); m < w.toMs; m = nextMonthStartMs(m)) {
    const end = nextMonthStartMs(m);
    const overlap = Math.min(end, w.toMs) - Math.max(m, w.fromMs);
    if (overlap <= 0) continue;
    const days = BigInt(Math.round((end - m) / DAY_MS));
    num += BigInt(Math.round(overlap)) * (MONTH_DAYS_LCM / days);
  }
  return { num, den };
}

/** `monthlyFen` x the window's share of its month(s), rounded half-up once (integer fen, non-negative). */
export function proRateMonthlyFen(monthlyFen: number, w: AssuranceWindow): number {
  if (!(monthlyFen > 0)) return 0;
  const { num, den } = windowMonthShare(w);
  const x = BigInt(Math.round(monthlyFen)) * num;
  return Number((x * 2n + den) / (2n * den));
}

/**
 * A site's credits for the window: each (site, class) line's monthly credit (integer fen, as the assurance owes it per
 * month) pro-rated to the window and rounded half-up once per line, then summed.
 */
export function proRatedSiteCreditsFen(site: Pick<SiteAssurance, 'classes'>, w: AssuranceWindow): number {
  return site.classes.reduce((n, c) => n + proRateMonthlyFen(c.creditFen, w), 0);
}
