// Money display for the revenue explorer: integer fen shown as RMB without float rounding surprises.
const group = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 123456 fen -> "¥1,234.56" (exact for integer fen). */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const neg = fen < 0;
  const abs = Math.round(Math.abs(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}¥${group.format(yuan)}.${cents}`;
}

/** Compact RMB for chart axes: 1.2M, 35k. */
export function formatFenShort(fen: number): string {
  const y = fen / 100;
  const a = Math.abs(y);
  return a >= 1e6 ? `¥${(y / 1e6).toFixed(1)}M` : a >= 1e3 ? `¥${(y / 1e3).toFixed(1)}k` : `¥${y.toFixed(0)}`;
}

export function formatTokens(n: number): string {
  const a = Math.abs(n);
  return a >= 1e9 ? `${(n / 1e9).toFixed(2)}B` : a >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : a >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(Math.round(n));
}
