// Which hourly series the usage chart shows: the browser's own DuckDB answer once it has one, before that the server's
// precomputed first-paint series (marked as such), else the loading or error state; never a made-up empty series.
import type { HourlyTokensSeries } from '../../../schema/firstPaint.js';
import type { Loadable } from '../../ui/ViewState.js';
import type { HourlyTokens, UsageSource } from './UsageChart.js';

export interface UsageView { series: Loadable<readonly HourlyTokens[]>; source: UsageSource | null }

export function firstPaintRows(s: HourlyTokensSeries): HourlyTokens[] {
  return s.hourMs.map((hourMs, i) => ({ hourMs, tokens: s.tokens[i]! }));
}

/**
 * `liveShown`: the browser's series was on screen before. From then on a reload of it (retry) shows loading rather than
 * the older server series. A failed first paint is not shown: the browser's series is still coming, so it stays loading.
 */
export function chooseUsageSeries(live: Loadable<readonly HourlyTokens[]>, firstPaint: Loadable<readonly HourlyTokens[]>, liveShown: boolean): UsageView {
  if (live.kind !== 'loading' || liveShown) return { series: live, source: live.kind === 'ready' ? 'browser' : null };
  if (firstPaint.kind === 'ready') return { series: firstPaint, source: 'server' };
  return { series: live, source: null };
}
