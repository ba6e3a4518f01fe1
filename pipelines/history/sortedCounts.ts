// Counting in sorted arrays (signup days), shared by the history generators.

/** Number of values in `sorted` (ascending) that are <= x, by binary search. */
export function countUpTo(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}
