// Predicts when a site's latency will cross an SLA target from its recent trend (least-squares line).
//
// Why a line: faults in this network ramp KPIs gradually over 20-60 minutes before the SLA breaks,
// so a linear fit over the last half hour gives a usable time-to-breach. It is a deliberately
// simple forecaster; the detector pipeline (pipelines/detect) may replace it with a better one.

export interface LatencyTrend {
  /** Slope of the fitted line, ms of latency per minute. */
  slopeMsPerMin: number;
  /** Fitted latency at the latest sample. */
  fittedNowMs: number;
  samples: number;
}

/** Least-squares fit of latency against time (minutes); null with fewer than `minSamples` points. */
export function fitLatencyTrend(tsMs: ArrayLike<number>, latencyMs: ArrayLike<number>, minSamples = 10): LatencyTrend | null {
  const n = tsMs.length;
  if (n < minSamples) return null;
  let t0 = Infinity, tMax = -Infinity;
  for (let i = 0; i < n; i++) { t0 = Math.min(t0, tsMs[i]!); tMax = Math.max(tMax, tsMs[i]!); }
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = (tsMs[i]! - t0) / 60_000, y = latencyMs[i]!;
    sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  if (den === 0) return null;
  const slope = (n * sxy - sx * sy) / den;
  const intercept = (sy - slope * sx) / n;
  return { slopeMsPerMin: slope, fittedNowMs: intercept + slope * ((tMax - t0) / 60_000), samples: n };
}

/**
 * Minutes until the trend crosses `slaMs`: 0 if already above, null if not rising or not within
 * `horizonMin` (a prediction further out is too uncertain to act on).
 */
export function minutesToBreach(trend: LatencyTrend | null, slaMs: number, horizonMin = 30): number | null {
  if (!trend) return null;
  if (trend.fittedNowMs > slaMs) return 0;
  if (trend.slopeMsPerMin <= 0) return null;
  const m = (slaMs - trend.fittedNowMs) / trend.slopeMsPerMin;
  return m <= horizonMin ? m : null;
}
