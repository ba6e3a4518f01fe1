// The revenue explorer as shown, from plain state (stories render it directly): header with the rating's state and
// as-of time, filters, summary, linked charts, breakdown and quota burn-down; each says loading, empty, error or stale
// rather than showing a figure it does not have.
import type { ReactNode } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { PartialNotice, type Loadable } from '../../ui/ViewState.js';
import { Time } from '../../ui/Time.js';
import type { LakeDays, ResolvedRange } from './dateRange.js';
import { periodOf, type ExplorerPeriod } from './explorerPeriod.js';
import { FilterBar } from './FilterBar.js';
import type { FilterOptions } from './filterOptions.js';
import { QuotaBurnList } from './QuotaBurnList.js';
import { ArpuBySegmentChart, ModelMixChart, RevenueOverTimeChart, TopProvincesChart } from './RevenueCharts.js';
import { useRevenueLabels, type RevenueLabels } from './revenueLabels.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';
import type { RevenueFilters, RevenueViews, SummaryRow } from './revenueQueries.js';
import { isEmptySummary, RevenueSummary } from './RevenueSummary.js';
import { RevenueTable } from './RevenueTable.js';
import { toggleIn, withoutDimensionFilters, type RevenueView } from './revenueUrlState.js';
import type { RatedTablesState } from './useRatedTables.js';
import { stillCurrent, type ExplorerResult, type ViewsState } from './useRevenueViews.js';
import type { ServerCheck } from './useServerCheck.js';

export type RatedView = Omit<RatedTablesState, 'retry'>;

export interface RevenueExplorerViewProps {
  rated: RatedView;
  onRetryRated?: () => void;
  view: RevenueView;
  onView: (next: RevenueView | ((prev: RevenueView) => RevenueView)) => void;
  /** The SQL filters of `view` and what became of its dates. */
  filters: RevenueFilters;
  urlRange: ResolvedRange;
  lake: LakeDays | null;
  views: ViewsState;
  onRetryViews?: () => void;
  check: ServerCheck;
}

const EMPTY_SUMMARY: SummaryRow = { revenueFen: 0, subscriptionFen: 0, packFen: 0, paygFen: 0, overageFen: 0, avgPayingAccounts: 0, arpuFen: 0, days: 0 };

/** The answer a panel may show: the current one, an older one that is still exact, or an older one marked stale. */
function pick<K extends keyof RevenueViews>(views: ViewsState, name: K, filters: RevenueFilters, version: number | null): { data: RevenueViews[K]; result: ExplorerResult; stale: boolean } | null {
  if (views.kind === 'ready') return { data: views.result.views[name], result: views.result, stale: false };
  if (views.kind === 'idle' || !views.previous) return null;
  const current = stillCurrent(views.previous, name, filters, version);
  // After a failed query only what is still exact is shown; the summary carries the error.
  if (views.kind === 'error' && !current) return null;
  return { data: views.previous.views[name], result: views.previous, stale: !current };
}

export function describeFilters(f: RevenueFilters, l: RevenueLabels, t: (key: 'f.tier' | 'f.segment' | 'f.region' | 'f.province' | 'f.channel' | 'f.model') => string, all: string): string {
  const parts: Array<[string, readonly string[]]> = [
    [t('f.tier'), f.tierIds.map(l.tier)], [t('f.segment'), f.segments.map(l.segment)], [t('f.region'), f.regions.map(l.region)],
    [t('f.province'), f.provinces.map(l.province)], [t('f.channel'), f.channels.map(l.channel)], [t('f.model'), f.models.map(l.model)],
  ];
  const set = parts.filter(([, v]) => v.length).map(([k, v]) => `${k}: ${v.join(', ')}`);
  return set.length ? set.join('; ') : all;
}

export function RevenueExplorerView({ rated, onRetryRated, view, onView, filters, urlRange, lake, views, onRetryViews, check }: RevenueExplorerViewProps) {
  const t = useMessages(REVENUE_MESSAGES);
  const i18n = useI18n();
  const { fmt } = i18n;
  const options: FilterOptions | null = rated.options;
  const tiers = options?.tiers ?? [];
  const tierNames = Object.fromEntries(tiers.map((x) => [x.id, x.name]));
  const labels = useRevenueLabels(tierNames);
  const version = rated.version;
  const requestPeriod = periodOf(filters, lake);
  const querying = rated.phase === 'ready' && (views.kind === 'loading' || views.kind === 'idle');
  const modelFiltered = filters.models.length > 0;

  // The summary: the rating's steps first, then the query for these filters.
  let summary: Loadable<SummaryRow>;
  let summaryPeriod: ExplorerPeriod | null = requestPeriod;
  let loadingWhat: string | undefined;
  let onRetrySummary: (() => void) | undefined;
  if (rated.phase === 'error') {
    summary = { kind: 'error', error: rated.ratingFailed ? t('ratingFailed', { error: rated.error ?? '' }) : rated.error ?? '' };
    onRetrySummary = onRetryRated;
  } else if (rated.phase !== 'ready') {
    summary = { kind: 'loading' };
    loadingWhat = t(rated.phase === 'starting' ? 'what.duckdb' : rated.phase === 'waitingRating' ? 'what.rating' : 'what.tables');
  } else if (views.kind === 'error') {
    summary = { kind: 'error', error: views.error };
    onRetrySummary = onRetryViews;
  } else {
    const s = pick(views, 'summary', filters, version);
    const sameFiltersOlderRating = s?.stale && s.result.version !== version && summarySqlEqual(s.result.filters, filters);
    if (s && (!s.stale || sameFiltersOlderRating)) {
      // A re-rating being loaded keeps the figures on screen, marked stale; new filters never show the old figures.
      const stale = s.stale ? t('staleVersion', { version: rated.latestVersion }) : rated.staleReason ? t('ratingStale', { error: rated.staleReason }) : null;
      summary = { kind: 'ready', value: s.data ?? EMPTY_SUMMARY, asOfMs: rated.asOfMs, stale };
      summaryPeriod = periodOf(s.result.filters, lake);
    } else {
      summary = { kind: 'loading' };
      loadingWhat = t('what.query');
    }
  }
  const empty = summary.kind === 'ready' && isEmptySummary(summary.value);

  const phaseText = rated.phase === 'starting' ? t('phase.starting') : rated.phase === 'waitingRating' ? t('phase.waitingRating')
    : rated.phase === 'tables' ? t('phase.tables') : rated.phase === 'error' ? t('phase.error')
      : querying ? t('phase.querying') : t('phase.ready', { version: version ?? 0 });
  const dot = rated.phase === 'error' || views.kind === 'error' ? 'bad' : rated.phase === 'ready' && !querying ? 'ok' : 'warn';

  const panel = <K extends keyof RevenueViews>(name: K, render: (data: RevenueViews[K], period: ExplorerPeriod, result: ExplorerResult) => ReactNode): ReactNode => {
    if (rated.phase !== 'ready' || empty) return null;
    const p = pick(views, name, filters, version);
    const period = p ? periodOf(p.result.filters, lake) : null;
    if (!p || !period) return null;
    return <StalePanel stale={p.stale} label={staleLabel(p.result)}>{render(p.data, period, p.result)}</StalePanel>;
  };
  // Older figures are either another rating's for these very filters, or the previous filters'.
  const staleLabel = (r: ExplorerResult) => (r.version !== version && summarySqlEqual(r.filters, filters) ? t('staleVersion', { version: rated.latestVersion }) : t('staleFilters'));
  const toggle = (field: 'segments' | 'provinces' | 'models') => (key: string) => onView((v) => ({ ...v, [field]: toggleIn(v[field], key) }));
  const burn = rated.phase === 'ready' ? pick(views, 'burn', filters, version) : null;
  const upsell = rated.phase === 'ready' ? pick(views, 'upsell', filters, version) : null;

  return (
    <main className="page revenue">
      <header className="topbar">
        <h1>{t('title')}</h1>
        <div className="meta">
          <span className="pill" data-testid="revenue-phase" data-phase={rated.phase === 'ready' && querying ? 'querying' : rated.phase}>
            <span className={`dot ${dot}`} />{phaseText}
          </span>
          {rated.asOfMs !== null && <span data-testid="as-of">{t('ratedAsOf')} <Time ms={rated.asOfMs} /></span>}
          {rated.stats && <span>{t('ratingStats', { duration: fmt.duration(rated.stats.durationMs / 1000), n: rated.stats.usageRows })}</span>}
          {views.kind === 'ready' && <span data-testid="query-ms">{t('queryMs', { ms: fmt.count(Math.round(views.result.queryMs)) })}</span>}
        </div>
      </header>
      {rated.unrated && <PartialNotice reason={t('unratedAccounts', { n: rated.unrated.n, reasons: rated.unrated.reasons })} />}
      <FilterBar view={view} options={options} lake={lake} urlRange={urlRange} appliedPeriod={requestPeriod} onChange={(next) => onView(next)} />
      <RevenueSummary state={summary} loadingWhat={loadingWhat} onRetry={onRetrySummary} period={summaryPeriod} modelFiltered={modelFiltered} check={check}
        filtersText={describeFilters(filters, labels, t, i18n.t('all'))} onClearFilters={() => onView((v) => withoutDimensionFilters(v))} />
      {panel('overTime', (rows, period, result) => (
        <RevenueOverTimeChart rows={rows} tiers={tiers} grain={result.filters.grain} period={period} selectedTierIds={view.tiers}
          onToggleTier={(id) => onView((v) => ({ ...v, tiers: toggleIn(v.tiers, id) }))} />
      ))}
      {rated.phase === 'ready' && !empty && (
        <div className="grid3">
          {panel('arpu', (rows, period) => <ArpuBySegmentChart rows={rows} period={period} selected={view.segments} onToggle={toggle('segments')} />)}
          {panel('provinces', (rows, period) => <TopProvincesChart rows={rows} period={period} selected={view.provinces} onToggle={toggle('provinces')} />)}
          {panel('models', (rows, period) => <ModelMixChart rows={rows} period={period} metric={view.metric} onMetric={(metric) => onView((v) => ({ ...v, metric }))}
            selected={view.models} onToggle={toggle('models')} />)}
        </div>
      )}
      {panel('breakdown', (rows, period, result) => <RevenueTable rows={rows} tierNames={tierNames} period={period} modelFiltered={result.filters.models.length > 0} />)}
      {burn && (
        <StalePanel stale={burn.stale || Boolean(upsell?.stale)} label={staleLabel(burn.result)}>
          <QuotaBurnList rows={burn.data} summary={upsell?.data ?? null} tierNames={tierNames} />
        </StalePanel>
      )}
    </main>
  );
}

function summarySqlEqual(a: RevenueFilters, b: RevenueFilters): boolean {
  // The summary ignores the grain; everything else must match.
  return JSON.stringify({ ...a, grain: 'day' }) === JSON.stringify({ ...b, grain: 'day' });
}

/** An older answer kept on screen while the new one is computed: dimmed, labelled, and busy for assistive tech. */
function StalePanel({ stale, label, children }: { stale: boolean; label: string; children: ReactNode }) {
  if (!stale) return <>{children}</>;
  return (
    <div className="stale-panel" data-stale="true" aria-busy="true" data-testid="stale-panel">
      <span className="stale-badge" role="status">{label}</span>
      <div className="stale-content">{children}</div>
    </div>
  );
}
