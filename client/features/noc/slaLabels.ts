// Where the SLA target labels of a KPI chart go: one label per distinct target, in the right margin beside its line,
// nudged apart vertically when targets are close (30 and 40 ms on a 0-100 axis) so no two labels overlap.
export interface SlaLabel {
  /** The target (where its rule is drawn). */
  y: number;
  /** Where the label's middle goes, in data units (equal to `y` unless nudged). */
  labelY: number;
  text: string;
}

/** A round upper bound for an axis starting at 0 (48 -> 50, 100 -> 100, 1,340 -> 1,500). */
export function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (x <= m * step + 1e-9) return m * step;
  return 10 * step;
}

/**
 * Labels for the distinct finite targets on a y axis [0, yMax] drawn `innerPx` tall: each label at its target unless that
 * is closer than `gapPx` to the one below (then pushed up); a column that runs over the top is pushed back down.
 */
export function slaLabelPlacement(targets: readonly number[], text: (y: number) => string, yMax: number, innerPx: number, gapPx = 11): SlaLabel[] {
  const distinct = [...new Set(targets.filter((y) => Number.isFinite(y)))].sort((a, b) => a - b);
  if (!(yMax > 0) || !(innerPx > 0)) return distinct.map((y) => ({ y, labelY: y, text: text(y) }));
  const lo = gapPx / 2, hi = innerPx - gapPx / 2;
  const px: number[] = [];
  distinct.forEach((y, i) => { px.push(Math.max((y / yMax) * innerPx, lo, i ? px[i - 1]! + gapPx : -Infinity)); });
  for (let i = px.length - 1; i >= 0; i--) px[i] = Math.min(px[i]!, i === px.length - 1 ? hi : px[i + 1]! - gapPx);
  return distinct.map((y, i) => ({ y, labelY: (px[i]! / innerPx) * yMax, text: text(y) }));
}
