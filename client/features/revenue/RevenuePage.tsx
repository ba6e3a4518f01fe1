// The revenue explorer: rated tables in the browser's DuckDB, sliced by filters, with linked charts, table and quota burn-down.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { usePolling } from '../../ui/usePolling.js';
import { FilterBar, type FilterOptions } from './FilterBar.js';
import { ArpuBySegmentChart, ModelMixChart, RevenueOverTimeChart, TopProvincesChart, type ModelMetric } from './RevenueCharts.js';
import { RevenueSummary } from './RevenueSummary.js';
import { RevenueTable } from './RevenueTable.js';
import { QuotaBurnList } from './QuotaBurnList.js';
import { loadRatedTables } from './ratedTablesLoader.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import {
  DIMENSIONS_SQL, EMPTY_FILTERS, arpuBySql, breakdownSql, modelMixSql, quotaBurnSql, revenueOverTimeSql, summarySql, topProvincesSql,
  upsellSummarySql, type ArpuRow, type BreakdownRow, type ModelMixRow, type ProvinceRow, type QuotaBurnViewRow, type RevenueFilters, type RevenueViews,
  type RevenueOverTimeRow, type SummaryRow, type UpsellSummaryRow,
} from './revenueQueries.js';
import './revenue.css';

interface ExplorerData extends RevenueViews {
  queryMs: number;
}

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

export function RevenuePage() {
  const { trpc, dataset } = useAppServices();
  const state = useSyncExternalStore(dataset.subscribe, dataset.getState);
  const [version, setVersion] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filters, setFilters] = useState<RevenueFilters>(EMPTY_FILTERS);
  const [metric, setMetric] = useState<ModelMetric>('grossMarginFen');
  const [options, setOptions] = useState<FilterOptions>({ tiers: [], provinces: [], models: [], minDayMs: null, maxDayMs: null });
  const [data, setData] = useState<ExplorerData | null>(null);

  const status = usePolling(() => trpc.revenue.status.query(), 5000).value;
  const serverVersion = status?.version ?? 0;

  // (Re)load the rated tables when the dataset is ready and whenever the server has re-rated.
  useEffect(() => {
    if (!state.ready || serverVersion === 0 || serverVersion === version) return;
    let cancelled = false;
    loadRatedTables(dataset).then(async (v) => {
      if (cancelled || v === null) return;
      const [tiers, provinces, models, days] = await Promise.all([
        dataset.query<{ id: number; name: string }>('SELECT tier_id AS id, name FROM tier ORDER BY tier_id'),
        dataset.query<{ v: string }>(DIMENSIONS_SQL.provinces),
        dataset.query<{ v: string }>(DIMENSIONS_SQL.models),
        dataset.query<{ lo: number | null; hi: number | null }>(DIMENSIONS_SQL.days),
      ]);
      if (cancelled) return;
      setOptions({ tiers, provinces: provinces.map((r) => r.v), models: models.map((r) => r.v), minDayMs: days[0]?.lo ?? null, maxDayMs: days[0]?.hi ?? null });
      setVersion(v);
      setLoadError(null);
    }).catch((e: unknown) => { if (!cancelled) setLoadError(e instanceof Error ? e.message : String(e)); });
    return () => { cancelled = true; };
  }, [state.ready, serverVersion, version, dataset]);

  // Every view's SQL for the current filters, run together; stale results are dropped.
  useEffect(() => {
    if (version === null) return;
    let cancelled = false;
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
      setData({ summary: summary[0] ?? null, overTime, arpu, provinces, models, breakdown, burn, upsell: upsell[0] ?? null, queryMs: performance.now() - t0 });
    }).catch((e: unknown) => { if (!cancelled) setLoadError(e instanceof Error ? e.message : String(e)); });
    return () => { cancelled = true; };
  }, [filters, version, dataset]);

  // The server's own total for the same filters (computed account by account, not from these tables).
  const serverFilter = useMemo(() => ({
    tierIds: filters.tierIds.length ? filters.tierIds : undefined,
    segments: filters.segments.length ? filters.segments : undefined,
    provinces: filters.provinces.length ? filters.provinces : undefined,
    regions: filters.regions.length ? filters.regions : undefined,
    channels: filters.channels.length ? filters.channels : undefined,
    fromMs: filters.fromMs ?? undefined,
    toMs: filters.toMs ?? undefined,
  }), [filters]);
  const loadServerTotal = useCallback(
    () => (version !== null && filters.models.length === 0 ? trpc.revenue.total.query(serverFilter) : Promise.resolve(null)),
    [trpc, serverFilter, version, filters.models.length],
  );
  const server = usePolling(loadServerTotal, 30_000, [serverFilter, version]).value;
  const serverTotalFen = server && server.version === version ? server.totalFen : null;

  const tierNames = useMemo(() => Object.fromEntries(options.tiers.map((t) => [t.id, t.name])), [options.tiers]);

  return (
    <main className="page revenue">
      <header className="topbar">
        <h1>Revenue explorer</h1>
        <div className="meta">
          <span className="pill"><span className={`dot ${version !== null ? 'ok' : 'warn'}`} />{version !== null ? `rated v${version}` : state.ready ? 'loading rated tables…' : 'starting DuckDB…'}</span>
          {status?.asOfMs != null && <span>as of {formatUtc(status.asOfMs)}</span>}
          {status?.durationMs != null && <span>rating {status.durationMs} ms over {status.usageRows.toLocaleString('en-US')} events</span>}
          {data && <span data-testid="query-ms">queries {Math.round(data.queryMs)} ms</span>}
          {status && Object.keys(status.ratingErrors).length > 0 && <span className="error">unrated accounts: {JSON.stringify(status.ratingErrors)}</span>}
          {(loadError ?? status?.lastError) && <span className="error">{loadError ?? status?.lastError}</span>}
        </div>
      </header>
      <FilterBar filters={filters} options={options} onChange={setFilters} />
      <RevenueSummary summary={data?.summary ?? null} serverTotalFen={serverTotalFen} />
      {data && (
        <>
          <RevenueOverTimeChart rows={data.overTime} tierNames={tierNames} grain={filters.grain} selectedTierIds={filters.tierIds}
            onToggleTier={(id) => setFilters((f) => ({ ...f, tierIds: toggle(f.tierIds, id) }))} />
          <div className="grid3">
            <ArpuBySegmentChart rows={data.arpu} selected={filters.segments} onToggle={(s) => setFilters((f) => ({ ...f, segments: toggle(f.segments, s) }))} />
            <TopProvincesChart rows={data.provinces} selected={filters.provinces} onToggle={(p) => setFilters((f) => ({ ...f, provinces: toggle(f.provinces, p) }))} />
            <ModelMixChart rows={data.models} metric={metric} onMetric={setMetric} selected={filters.models}
              onToggle={(m) => setFilters((f) => ({ ...f, models: toggle(f.models, m) }))} />
          </div>
          <RevenueTable rows={data.breakdown} tierNames={tierNames} />
          <QuotaBurnList rows={data.burn} summary={data.upsell} tierNames={tierNames} />
        </>
      )}
    </main>
  );
}
