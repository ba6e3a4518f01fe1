// Robust statistics for detectors: median, median absolute deviation, least-squares trend.

/** Median of the finite values (NaN when none); does not modify the input. */
export function median(values: ArrayLike<number>): number {
  const a: number[] = [];
  for (let i = 0; i < values.length; i++) { const v = values[i]!; if (Number.isFinite(v)) a.push(v); }
  if (!a.length) return NaN;
  a.sort((x, y) => x - y);
  const mid = a.length >> 1;
  return a.length % 2 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/** Linear-interpolated quantile of values sorted ascending (DuckDB's quantile_cont); NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median absolute deviation from the median (unscaled, like DuckDB's mad()). */
export function medianAbsoluteDeviation(values: ArrayLike<number>): number {
  const m = median(values);
  if (!Number.isFinite(m)) return NaN;
  const dev: number[] = [];
  for (let i = 0; i < values.length; i++) { const v = values[i]!; if (Number.isFinite(v)) dev.push(Math.abs(v - m)); }
  return median(dev);
}

/** 1.4826 x MAD estimates the standard deviation of normal noise; outliers barely move it. */
export const MAD_TO_SIGMA = 1.4826;

/** (x - center) in robust standard deviations, with a floor on the scale so flat series do not explode. */
export function robustZ(x: number, center: number, mad: number, minSigma: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(center)) return 0;
  const sigma = Math.max(Number.isFinite(mad) ? mad * MAD_TO_SIGMA : 0, minSigma);
  return (x - center) / sigma;
}

export interface LinearFit { slope: number; intercept: number; n: number }

/** Ordinary least squares of y against x = 0..n-1, skipping NaNs; slope per step, intercept at x = 0. */
export function linearFit(y: ArrayLike<number>): LinearFit {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) continue;
    n++; sx += i; sy += v; sxx += i * i; sxy += i * v;
  }
  if (n < 2) return { slope: 0, intercept: n ? sy : NaN, n };
  const den = n * sxx - sx * sx;
  const slope = den === 0 ? 0 : (n * sxy - sx * sy) / den;
  return { slope, intercept: (sy - slope * sx) / n, n };
}

/**
 * Minutes until a rising series crosses `threshold`, from a linear fit of the samples (one a minute,
 * oldest first): 0 when the fitted current value is already over it, Infinity when it is not rising.
 */
export function minutesToBreach(y: ArrayLike<number>, threshold: number): number {
  const fit = linearFit(y);
  if (fit.n < 3) return Infinity;
  const now = fit.intercept + fit.slope * (y.length - 1);
  if (now >= threshold) return 0;
  if (fit.slope <= 0) return Infinity;
  return (threshold - now) / fit.slope;
}
