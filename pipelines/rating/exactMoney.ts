// Exact integer money arithmetic for rating: BigInt products and one half-up rounding, never floats.

export const DAY_MS = 86_400_000;
/** Billable quantities are carried in centi-tokens so a cached token at e.g. 25 % stays an integer. */
export const CENTI = 100n;
const MTOK_CENTI = 1_000_000n * CENTI;

/** num / den rounded half-up (num >= 0, den > 0). */
export function divHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('divHalfUp: denominator must be positive');
  if (num < 0n) throw new RangeError('divHalfUp: numerator must be non-negative');
  return (2n * num + den) / (2n * den);
}

/** Fen for a quantity of centi-tokens at a price in fen per million tokens, rounded once, half-up. */
export function fenForCentiTokens(centiTokens: bigint, fenPerMtok: number): bigint {
  return divHalfUp(centiTokens * BigInt(fenPerMtok), MTOK_CENTI);
}

/** Converts an exact integer to a JS number, refusing values that would lose precision. */
export function toSafeNumber(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${v} exceeds the safe integer range`);
  }
  return Number(v);
}

/** UTC midnight of the day containing ms (a timestamp at exactly 00:00:00.000 starts its own day). */
export function utcDayMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function isUtcMidnight(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms % DAY_MS === 0;
}

/** First instant of the calendar month (UTC) containing ms. */
export function monthStartMs(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextMonthStartMs(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function daysBetween(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) / DAY_MS);
}
