// Scale-free scores of one reading against its seasonal baseline: robust z divided by the series' own noise regime, so
// one threshold means the same on milliseconds, megabits or a 0..1 machine metric; plus which metrics moved together.
import type { AdverseDirection } from './kpiFields.js';
import { robustZ } from './robustStats.js';
import { centerAt, madAt, type BaselineCursor, type SeasonalBaseline } from './seasonalBaseline.js';

/** A metric counts as "moved" at this adverse score (the multivariate evidence a rule can ask for). */
export const MOVED_SCORE = 4;

/** Robust z of `value` (0 without a ready baseline or a value): the building block before noise normalisation. */
export function zAt<M extends string>(b: SeasonalBaseline<M>, c: BaselineCursor | null, m: M, value: number): number {
  if (!c || !c.ready || !Number.isFinite(value)) return 0;
  return robustZ(value, centerAt(b, c, m), madAt(b, c, m), b.floor[m][c.siteIdx]!);
}

/** A robust z scaled down by the series' noise factor: spiky series need a bigger excursion for the same score. */
export function scoreOfZ<M extends string>(b: SeasonalBaseline<M>, c: BaselineCursor | null, m: M, z: number): number {
  return c ? z / b.noise[m][c.siteIdx]! : 0;
}

/** The scale-free score of `value`: zAt, then scoreOfZ. */
export function scoreAt<M extends string>(b: SeasonalBaseline<M>, c: BaselineCursor | null, m: M, value: number): number {
  return scoreOfZ(b, c, m, zAt(b, c, m, value));
}

/** How bad a signed score is in the metric's adverse direction (0 when it moved the harmless way). */
export function adverseScore(score: number, dir: AdverseDirection): number {
  return dir === 'rise' ? Math.max(0, score) : dir === 'drop' ? Math.max(0, -score) : Math.abs(score);
}

export interface MovedMetric { metric: string; score: number }

/**
 * Metrics whose adverse score reached MOVED_SCORE, worst first; the worst adverse score overall, and the second worst
 * (at least T means at least two metrics moved by T together: multivariate evidence in one number).
 */
export function movedMetrics(metrics: readonly string[], scores: ArrayLike<number>, dirs: readonly AdverseDirection[], movedAt = MOVED_SCORE): { worst: number; second: number; moved: MovedMetric[] } {
  let worst = 0, second = 0;
  const moved: MovedMetric[] = [];
  for (let i = 0; i < metrics.length; i++) {
    const a = adverseScore(scores[i]!, dirs[i]!);
    if (a > worst) { second = worst; worst = a; } else if (a > second) second = a;
    if (a >= movedAt) moved.push({ metric: metrics[i]!, score: scores[i]! });
  }
  moved.sort((x, y) => Math.abs(y.score) - Math.abs(x.score) || (x.metric < y.metric ? -1 : 1));
  return { worst, second, moved };
}

/** "latency_ms +6.2, dl_mbps -5.1" (scores in noise-normalised robust sigmas), at most `limit` metrics. */
export function describeMoved(moved: readonly MovedMetric[], limit = 6): string {
  const shown = moved.slice(0, limit).map((m) => `${m.metric} ${m.score >= 0 ? '+' : '−'}${Math.abs(m.score).toFixed(1)}`);
  return moved.length > limit ? `${shown.join(', ')} (+${moved.length - limit} more)` : shown.join(', ');
}
