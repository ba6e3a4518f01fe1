// The NOC page: cards, map and "sites to fix" for the filtered selection, and the drill-down of the selected site;
// the view (window, replay, filters, size, site, search) lives in the URL.
import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useHashState } from '../../app/hashRoute.js';
import { useCan } from '../../app/permissions.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { usePolling } from '../../ui/usePolling.js';
import { Time } from '../../ui/Time.js';
import { AsOf, ErrorState, PartialNotice, type Loadable } from '../../ui/ViewState.js';
import type { MaintenanceList } from '../../../schema/maintenance.js';
import { provinceBounds } from './chinaBasemap.js';
import { NocFilters } from './NocFilters.js';
import { NocFleetCards, type FleetCardsData } from './NocFleetCards.js';
import { NocMap, type MapTarget } from './NocMap.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { NocSiteSearch } from './NocSiteSearch.js';
import { NOC_VIEW } from './nocUrlState.js';
import type { TicketSummary, WindowKey } from './nocTypes.js';
import { SiteDrillDown } from './SiteDrillDown.js';
import {
  filterSites, isNoFilter, maintenanceBySite, matchesFilter, rankSitesToFix, selectionFigures, siteBounds, type SiteFilter, type SitePoint,
} from './siteMapModel.js';
import { SitesToFix, type SitesToFixData } from './SitesToFix.js';
import { NO_KPI_YET, useNocData, type NocSnapshot } from './useNocData.js';
import { useSiteDetail } from './useSiteDetail.js';
import './noc.css';

const NO_POINTS: SitePoint[] = [];

function mapLoadable<A, B>(s: Loadable<A>, f: (a: A) => B): Loadable<B> {
  return s.kind === 'ready' ? { ...s, value: f(s.value) } : s;
}

/** Where the header says the window was computed. */
function sourceWords(s: NocSnapshot): 'source.server' | 'source.browser' | 'source.browserRollups' | 'source.browserFetched' {
  return s.via === 'server' ? 'source.server' : s.via === 'raw' ? 'source.browser' : s.fetchedUsage ? 'source.browserFetched' : 'source.browserRollups';
}

/** Where the map goes for a filter: all of China, the chosen province, or the bounds of the selected sites. */
function homeFor(filter: SiteFilter, points: readonly SitePoint[]): MapTarget {
  const key = JSON.stringify(filter);
  if (isNoFilter(filter)) return { key, bounds: null };
  if (filter.province && !filter.onlyProblems && !filter.tech) return { key, bounds: provinceBounds(filter.province) ?? siteBounds(filterSites(points, filter)) };
  return { key: `${key}|${points.length ? 'sites' : 'pending'}`, bounds: siteBounds(filterSites(points, filter)) };
}

export function NocPage() {
  const t = useMessages(NOC_MESSAGES);
  const { fmt } = useI18n();
  const { trpc, dataset } = useAppServices();
  const mayReadTickets = useCan()('tickets.read');
  const ds = useSyncExternalStore(dataset.subscribe, dataset.getState);
  const [view, setView] = useHashState(NOC_VIEW);
  const { windowKey, replayToMs, filter, sizeBy, siteId } = view;
  const [focusToken, setFocusToken] = useState(0);
  const [focusTarget, setFocusTarget] = useState<MapTarget | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const history = usePolling(() => trpc.catalog.query({}).then((c) => ({ startMs: c.lake.startMs, nowMs: c.nowMs })), 30_000);
  const data = useNocData({ dataset, trpc, ready: ds.ready, rollups: ds.rollups === 'ready', windowKey, replayToMs });

  const words = (s: Loadable<NocSnapshot>): Loadable<NocSnapshot> => (s.kind === 'error' && s.error === NO_KPI_YET ? { kind: 'error', error: t('noKpiYet') }
    : s.kind === 'ready' && s.stale === NO_KPI_YET ? { ...s, stale: t('noKpiYet') } : s);
  // The page's one data state: the dataset first (everything reads it), then the snapshot of the current request.
  const pageState: Loadable<NocSnapshot> = useMemo(() => {
    if (!ds.ready) return ds.phase === 'error' ? { kind: 'error', error: t('datasetError', { error: ds.error ?? '' }) } : { kind: 'loading' };
    const s = words(data.state);
    if (s.kind === 'ready' && !s.stale && (ds.phase === 'error' || ds.phase === 'resyncing')) {
      return { ...s, stale: ds.phase === 'error' ? t('datasetError', { error: ds.error ?? '' }) : t('datasetResyncing') };
    }
    return s;
  }, [ds.ready, ds.phase, ds.error, data.state, t]); // eslint-disable-line react-hooks/exhaustive-deps
  const snapshot = pageState.kind === 'ready' ? pageState.value : null;
  const points = snapshot?.points ?? NO_POINTS;
  // Geography for zooming survives a window switch (sites do not move), so the map does not jump while loading.
  const lastPoints = useRef<readonly SitePoint[]>(NO_POINTS);
  if (points.length) lastPoints.current = points;

  const visible = useMemo(() => filterSites(points, filter), [points, filter]);
  const options = useMemo(() => {
    const all = lastPoints.current;
    return {
      regions: [...new Set(all.map((p) => p.region))].sort(),
      provinces: [...new Set(all.filter((p) => !filter.region || p.region === filter.region).map((p) => p.province))].sort(),
      techs: [...new Set(all.map((p) => p.tech))].sort(),
    };
  }, [points, filter.region]); // eslint-disable-line react-hooks/exhaustive-deps
  const home = useMemo(() => homeFor(filter, lastPoints.current), [filter, lastPoints.current.length > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  const cards: Loadable<FleetCardsData> = useMemo(() => mapLoadable(pageState, (s) => ({
    figures: selectionFigures(visible), window: s.window, revenueWindow: s.revenueWindow, revenueError: s.revenueError, onlyProblems: filter.onlyProblems,
  })), [pageState, visible, filter.onlyProblems]);
  const fix: Loadable<SitesToFixData> = useMemo(() => mapLoadable(pageState, () => ({
    ranked: rankSitesToFix(visible), sites: visible.length, noData: visible.filter((p) => p.status.status === 'no_data').length,
  })), [pageState, visible]);

  const selectedPoint = siteId === null ? null : points.find((p) => p.siteId === siteId) ?? null;
  const siteState: Loadable<SitePoint | null> = mapLoadable(pageState, () => selectedPoint);
  const detail = useSiteDetail({ dataset, trpc, siteId, snapshot });

  // Sites under a maintenance window in force: ringed on the map.
  const windows = usePolling<MaintenanceList>(mayReadTickets ? () => trpc.maintenance.list.query() : null, 15_000);
  const maintenance = useMemo(() => (windows.value ? maintenanceBySite(windows.value.windows, points.map((p) => p.siteId)) : undefined), [windows.value, points]);
  // Tickets of the selected site that still need attention (issue 5's automation API).
  const siteTickets = usePolling<TicketSummary[] | null>(siteId === null || !mayReadTickets ? null : () => trpc.automation.tickets
    .query({ siteId, states: ['open', 'acting', 'verifying', 'escalated'], limit: 20 })
    .then((r) => r.tickets.map((tk) => ({ id: `#${tk.ticketId}`, state: tk.state, title: tk.title, openedMs: tk.openedAtMs }))), 5000, [siteId]);

  const select = (id: number | null) => {
    if (id === null) { setView((v) => ({ ...v, siteId: null })); return; }
    opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setView((v) => ({ ...v, siteId: id }));
    setFocusToken((n) => n + 1);
  };
  const close = () => {
    setView((v) => ({ ...v, siteId: null }));
    const back = opener.current;
    opener.current = null;
    // Back where the user came from (the list row), else to the map's search.
    requestAnimationFrame(() => {
      if (back?.isConnected) back.focus();
      else document.querySelector<HTMLElement>('[data-testid="site-search-input"]')?.focus();
    });
  };
  // A filter that leaves the selected site out closes its drill-down (the same history step).
  const onFilter = (f: SiteFilter) => setView((v) => {
    const p = v.siteId === null ? null : points.find((x) => x.siteId === v.siteId);
    return { ...v, filter: f, siteId: p && !matchesFilter(p, f) ? null : v.siteId };
  });
  const onWindow = (w: WindowKey) => setView((v) => ({ ...v, windowKey: w }));
  // The first move away from live is a history step; dragging further replaces it.
  const onReplay = (toMs: number | null) => setView((v) => ({ ...v, replayToMs: toMs }), { replace: replayToMs !== null && toMs !== null });
  const onPick = (id: number) => {
    const p = points.find((x) => x.siteId === id);
    setView((v) => ({ ...v, siteId: id }));
    if (p) setFocusTarget({ key: `site ${id} ${Date.now()}`, bounds: siteBounds([p], 0.8) });
  };

  // The pill says who computes the request: the browser for every window once it holds the rollups.
  const mode = replayToMs !== null ? 'replay' : windowKey === '7d' && data.source === 'server' ? 'server7d' : 'live';
  const snapped = snapshot?.source === 'browser' && replayToMs !== null && snapshot.window.toMs !== replayToMs;
  return (
    <main className="page noc-page" data-request={data.key}>
      <header className="topbar">
        <h1>{t('title')}</h1>
        <div className="meta">
          <span className="pill" data-testid="noc-mode" data-mode={mode} title={mode === 'live' ? t('pill.liveHint') : mode === 'replay' ? t(data.source === 'server' ? 'pill.replayServerHint' : 'pill.replayHint') : undefined}>
            <span className={`dot ${mode === 'live' && ds.phase === 'live' ? 'ok' : mode === 'live' ? 'warn' : ''}`} aria-hidden="true" />
            {mode === 'live' ? t('pill.live') : mode === 'replay' ? t('pill.replay') : t('pill.server7d')}
          </span>
          {snapshot && <span data-testid="noc-window" data-window-key={snapshot.request.windowKey} data-from={snapshot.window.fromMs} data-to={snapshot.window.toMs} data-source={snapshot.source} data-via={snapshot.via}>
            <Time ms={snapshot.window.fromMs} /> → <Time ms={snapshot.window.toMs} /> · {t(sourceWords(snapshot))} · {t('refreshMs', { ms: snapshot.refreshMs })}</span>}
          <AsOf ms={snapshot?.window.toMs} />
        </div>
      </header>
      <NocFilters filter={filter} onFilter={onFilter} {...options} windowKey={windowKey} onWindow={onWindow}
        sizeBy={sizeBy} onSizeBy={(s) => setView((v) => ({ ...v, sizeBy: s }))} replayToMs={replayToMs} onReplay={onReplay}
        historyStartMs={history.value?.startMs ?? null} nowMs={history.value?.nowMs ?? null} />
      {snapshot?.shortened && <PartialNotice reason={t('shortWindow', { time: fmt.dateTime(snapshot.window.fromMs), window: t(`window.${windowKey}`) })} />}
      {snapped && <PartialNotice reason={t('replaySnapped', { time: fmt.dateTime(snapshot.window.toMs) })} />}
      {pageState.kind === 'error' && !ds.ready && <ErrorState error={pageState.error} />}
      <NocFleetCards state={cards} onRetry={data.retry} />
      <div className="noc-main">
        <NocMap points={visible} sizeBy={sizeBy} selectedSiteId={siteId} onSelect={select} highlightProvince={filter.province} maintenance={maintenance}
          home={home} focus={focusTarget} loading={pageState.kind === 'loading'} error={pageState.kind === 'error' ? pageState.error : null}
          stale={pageState.kind === 'ready' && pageState.stale ? { asOfMs: pageState.asOfMs, reason: pageState.stale } : null} onRetry={data.retry}
          controls={<NocSiteSearch points={points} ready={pageState.kind === 'ready'} query={view.search ?? ''} onQuery={(q) => setView((v) => ({ ...v, search: q || null }), { replace: true })} onPick={onPick} />} />
        <SitesToFix state={fix} selectedSiteId={siteId} onSelect={select} onRetry={data.retry} />
      </div>
      {siteId !== null && (
        <SiteDrillDown siteId={siteId} site={siteState} assuranceWindow={snapshot?.window ?? null} detail={detail}
          outsideFilter={!!selectedPoint && !matchesFilter(selectedPoint, filter)}
          tickets={!mayReadTickets || siteTickets.error ? null : siteTickets.state.kind === 'ready' ? siteTickets.value : undefined} tierNames={snapshot?.tierNames ?? new Map()} onClose={close} focusToken={focusToken} />
      )}
    </main>
  );
}
