// Money display from integer fen (100 fen = 1 yuan), the one formatter every page uses: the yuan/fen split is exact integer arithmetic.
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * 123456 fen -> "¥1,234.56", -5 -> "-¥0.05"; null, undefined, NaN and ±Infinity -> "—".
 * Yuan and fen are split with BigInt, so every integer prints exactly (past 2^53 pass a bigint).
 * A non-integer input (an average such as ARPU) is rounded once to whole fen, half away from zero
 * (0.5 -> 1, -2.5 -> -3), the sign-symmetric form of the rating's half-up rule.
 */
export function formatFen(fen: number | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  if (typeof fen === 'number' && !Number.isFinite(fen)) return '—';
  const whole = typeof fen === 'bigint' ? fen : BigInt(Math.round(Math.abs(fen))) * (fen < 0 ? -1n : 1n);
  const abs = whole < 0n ? -whole : whole;
  return `${whole < 0n ? '-' : ''}¥${GROUPED.format(abs / 100n)}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Compact, approximate RMB for chart axes and bar labels: 1.2M, 35.0k, 99 (yuan, from fen). */
export function formatFenShort(fen: number): string {
  const y = fen / 100;
  const a = Math.abs(y);
  return a >= 1e6 ? `¥${(y / 1e6).toFixed(1)}M` : a >= 1e3 ? `¥${(y / 1e3).toFixed(1)}k` : `¥${y.toFixed(0)}`;
}

/**
 * Money for files (CSV): integer fen -> "1234.56" RMB, exact (BigInt), no sign or grouping, so spreadsheets read a
 * number; a fractional amount is rounded once to whole fen, half away from zero (as formatFen); not finite -> "".
 */
export function fenToRmbDecimal(fen: number): string {
  if (!Number.isFinite(fen)) return '';
  const whole = BigInt(Math.round(Math.abs(fen)));
  const sign = fen < 0 && whole !== 0n ? '-' : '';
  return `${sign}${whole / 100n}.${String(whole % 100n).padStart(2, '0')}`;
}
