// Runs every view's SQL for one filter state in the tab's DuckDB. Each answer is tagged with the filters and rating
// version it answers: a late answer to older filters is dropped, and the previous answer is only ever offered as
// `previous` (for the page to mark stale), never as the current one.
import { useCallback, useEffect, useState } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import {
  arpuBySql, breakdownSql, modelMixSql, quotaBurnSql, revenueOverTimeSql, summarySql, topProvincesSql, upsellSummarySql,
  type ArpuRow, type BreakdownRow, type ModelMixRow, type ProvinceRow, type QuotaBurnViewRow, type RevenueFilters,
  type RevenueOverTimeRow, type RevenueViews, type SummaryRow, type UpsellSummaryRow,
} from './revenueQueries.js';

export interface ExplorerResult {
  views: RevenueViews;
  filters: RevenueFilters;
  version: number;
  queryMs: number;
}

/** The views for the current filters, or why there are none yet; `previous` is an older answer the page may show as stale. */
export type ViewsState =
  | { kind: 'idle' }
  | { kind: 'loading'; previous: ExplorerResult | null }
  | { kind: 'error'; error: string; previous: ExplorerResult | null }
  | { kind: 'ready'; result: ExplorerResult };

/** The request a result answers; two equal keys mean the same SQL over the same tables. */
export function requestKey(filters: RevenueFilters, version: number): string {
  return `${version}|${JSON.stringify(filters)}`;
}

export function useRevenueViews(filters: RevenueFilters, version: number | null): { state: ViewsState; retry(): void } {
  const { dataset } = useAppServices();
  const key = version === null ? null : requestKey(filters, version);
  const [answer, setAnswer] = useState<{ key: string; result: ExplorerResult } | null>(null);
  const [failure, setFailure] = useState<{ key: string; error: string } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null || version === null) return;
    // `cancelled` is this request's own flag: once the filters change, whatever it still returns is dropped.
    let cancelled = false;
    setFailure(null);
    const t0 = performance.now();
    Promise.all([
      dataset.query<SummaryRow>(summarySql(filters)),
      dataset.query<RevenueOverTimeRow>(revenueOverTimeSql(filters)),
      dataset.query<ArpuRow>(arpuBySql(filters, 'segment')),
      dataset.query<ProvinceRow>(topProvincesSql(filters)),
      dataset.query<ModelMixRow>(modelMixSql(filters)),
      dataset.query<BreakdownRow>(breakdownSql(filters)),
      dataset.query<QuotaBurnViewRow>(quotaBurnSql(filters)),
      dataset.query<UpsellSummaryRow>(upsellSummarySql(filters)),
    ]).then(([summary, overTime, arpu, provinces, models, breakdown, burn, upsell]) => {
      if (cancelled) return;
      const views: RevenueViews = { summary: summary[0] ?? null, overTime, arpu, provinces, models, breakdown, burn, upsell: upsell[0] ?? null };
      setAnswer({ key, result: { views, filters, version, queryMs: performance.now() - t0 } });
      setFailure(null);
    }).catch((e: unknown) => {
      if (!cancelled) setFailure({ key, error: e instanceof Error ? e.message : String(e) });
    });
    return () => { cancelled = true; };
    // `filters` is described exactly by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt, dataset]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  let state: ViewsState;
  if (key === null) state = { kind: 'idle' };
  else if (answer?.key === key) state = { kind: 'ready', result: answer.result };
  else if (failure?.key === key) state = { kind: 'error', error: failure.error, previous: answer?.result ?? null };
  else state = { kind: 'loading', previous: answer?.result ?? null };
  return { state, retry };
}

/** The SQL behind each view: an older answer to the same SQL over the same version is still that view's answer. */
const VIEW_SQL: Record<keyof RevenueViews, (f: RevenueFilters) => string> = {
  summary: summarySql, overTime: revenueOverTimeSql, arpu: (f) => arpuBySql(f, 'segment'), provinces: (f) => topProvincesSql(f),
  models: modelMixSql, breakdown: breakdownSql, burn: (f) => quotaBurnSql(f), upsell: upsellSummarySql,
};

/**
 * Whether `previous` answers view `name` for `filters` at `version` exactly (same SQL, same tables): a grain change
 * leaves the summary current, a date change leaves the quota burn-down (this month, whatever the dates) current.
 */
export function stillCurrent(previous: ExplorerResult, name: keyof RevenueViews, filters: RevenueFilters, version: number | null): boolean {
  return previous.version === version && VIEW_SQL[name](previous.filters) === VIEW_SQL[name](filters);
}
