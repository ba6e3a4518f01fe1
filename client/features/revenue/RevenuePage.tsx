// The revenue explorer page: the URL's view, the rated tables in this tab's DuckDB, the views' SQL for the current
// filters and the server's independent total, wired into RevenueExplorerView.
import { useMemo } from 'react';
import { useHashState } from '../../app/hashRoute.js';
import { lakeDaysOf } from './explorerPeriod.js';
import { RevenueExplorerView } from './RevenueExplorerView.js';
import { filtersOfView, REVENUE_VIEW_CODEC } from './revenueUrlState.js';
import { useRatedTables } from './useRatedTables.js';
import { useRevenueViews } from './useRevenueViews.js';
import { useServerCheck } from './useServerCheck.js';
import './revenue.css';

export function RevenuePage() {
  const rated = useRatedTables();
  const [view, setView] = useHashState(REVENUE_VIEW_CODEC);
  const lake = lakeDaysOf(rated.options);
  const first = lake?.firstDayMs ?? null, last = lake?.lastDayMs ?? null;
  // Filters change identity only when the view or the lake's days do, so queries run once per real change.
  const { filters, range } = useMemo(
    () => filtersOfView(view, first === null || last === null ? null : { firstDayMs: first, lastDayMs: last }),
    [view, first, last],
  );
  const { state, retry } = useRevenueViews(filters, rated.version);
  const summary = state.kind === 'ready' ? state.result.views.summary : null;
  const pageTotal = state.kind === 'ready' && summary ? { fen: summary.revenueFen, version: state.result.version } : null;
  const check = useServerCheck(filters, rated.version, pageTotal);
  return (
    <RevenueExplorerView rated={rated} onRetryRated={rated.retry} view={view} onView={setView} filters={filters} urlRange={range}
      lake={lake} views={state} onRetryViews={retry} check={check} />
  );
}
