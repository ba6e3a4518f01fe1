// Geometry of a KPI's 13-period sparkline: line segments over the periods with data, gaps where there is none.
export interface SparkPoint { x: number; y: number; index: number }

export interface SparklineGeometry {
  /** SVG path data, one per run of consecutive periods with data (a gap breaks the line). */
  segments: string[];
  /** Points standing alone between gaps (drawn as dots, a path of one point is invisible). */
  isolated: SparkPoint[];
  /** The newest period's point, highlighted; null when it has no data. */
  last: SparkPoint | null;
  /** How many periods have a figure. */
  withData: number;
}

/** Lays out `values` (oldest first) in a width x height box with `pad` pixels kept free around it. */
export function sparklineGeometry(values: ReadonlyArray<number | null>, width: number, height: number, pad = 2): SparklineGeometry {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const empty: SparklineGeometry = { segments: [], isolated: [], last: null, withData: 0 };
  if (finite.length === 0) return empty;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  // A flat series sits in the middle rather than on an edge.
  const yOf = (v: number) => (hi === lo ? height / 2 : pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad));
  const round = (n: number) => Math.round(n * 10) / 10;
  const runs: SparkPoint[][] = [];
  let run: SparkPoint[] = [];
  values.forEach((v, index) => {
    if (typeof v === 'number' && Number.isFinite(v)) run.push({ x: round(pad + index * step), y: round(yOf(v)), index });
    else if (run.length) { runs.push(run); run = []; }
  });
  if (run.length) runs.push(run);
  const lastValue = values[values.length - 1];
  const lastRun = runs[runs.length - 1];
  const lastPoint = lastRun?.[lastRun.length - 1];
  return {
    segments: runs.filter((r) => r.length > 1).map((r) => r.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join('')),
    isolated: runs.filter((r) => r.length === 1).map((r) => r[0]!),
    last: typeof lastValue === 'number' && Number.isFinite(lastValue) && lastPoint ? lastPoint : null,
    withData: finite.length,
  };
}
