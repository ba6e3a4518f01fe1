// Display formatting for NOC percentages, with enough digits to see 99.5 vs 99.49 (money: domain/money/formatMoney.ts).
export function formatPct(p: number | null, digits = 3): string {
  return p === null ? 'no data' : `${p.toFixed(digits)} %`;
}
