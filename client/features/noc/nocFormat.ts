// Display formatting for NOC figures: percentages with enough digits to see 99.5 vs 99.49, money in RMB from fen.
export function formatPct(p: number | null, digits = 3): string {
  return p === null ? 'no data' : `${p.toFixed(digits)} %`;
}

export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
