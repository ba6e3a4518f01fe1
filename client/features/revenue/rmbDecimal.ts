// Money for files: fen -> "1234.56" RMB, exact (BigInt), no currency sign or grouping, so spreadsheets read it as a number.

/**
 * Integer fen -> "1234.56"; a fractional amount (an average such as ARPU, a compute cost) is rounded once to whole
 * fen, half away from zero, as formatFen does on screen. Not finite -> "" (an empty cell, never "NaN").
 */
export function fenToRmbDecimal(fen: number): string {
  if (!Number.isFinite(fen)) return '';
  const whole = BigInt(Math.round(Math.abs(fen)));
  const sign = fen < 0 && whole !== 0n ? '-' : '';
  return `${sign}${whole / 100n}.${String(whole % 100n).padStart(2, '0')}`;
}
