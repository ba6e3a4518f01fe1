// The NOC page: live map, fleet assurance figures, sites to fix first and the drill-down of the selected site.
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { NocFilters } from './NocFilters.js';
import { NocMap, type SizeBy } from './NocMap.js';
import { SiteDrillDown } from './SiteDrillDown.js';
import { SitesToFix } from './SitesToFix.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { siteAccountsSql, siteOpenAlarmsSql, siteSeriesSql } from './nocQueries.js';
import type { OpenAlarm, ServedAccount, SiteDetail, SiteSeriesPoint, WindowKey } from './nocTypes.js';
import { NO_FILTER, filterSites, maintenanceBySite, rankSitesToFix, type SiteFilter } from './siteMapModel.js';
import { useNocData } from './useNocData.js';
import { usePolling } from '../../ui/usePolling.js';
import type { TicketSummary } from './nocTypes.js';
import type { MaintenanceList } from '../../../schema/maintenance.js';
import './noc.css';

export function NocPage() {
  const { trpc, dataset } = useAppServices();
  const mayReadTickets = useCan()('tickets.read');
  const state = useSyncExternalStore(dataset.subscribe, dataset.getState);
  const [windowKey, setWindowKey] = useState<WindowKey>('24h');
  const [replayToMs, setReplayToMs] = useState<number | null>(null);
  const [filter, setFilter] = useState<SiteFilter>(NO_FILTER);
  const [sizeBy, setSizeBy] = useState<SizeBy>('users');
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<SiteDetail | null>(null);
  const [history, setHistory] = useState<{ startMs: number; nowMs: number } | null>(null);

  const { snapshot, error } = useNocData({ dataset, trpc, ready: state.ready, windowKey, replayToMs });

  useEffect(() => {
    let stop = false;
    const load = () => trpc.catalog.query({}).then((c) => { if (!stop) setHistory({ startMs: c.lake.startMs, nowMs: c.nowMs }); }).catch(() => undefined);
    void load();
    const t = setInterval(load, 30_000);
    return () => { stop = true; clearInterval(t); };
  }, [trpc]);

  const points = snapshot?.points ?? [];
  const visible = useMemo(() => filterSites(points, filter), [points, filter]);
  const ranked = useMemo(() => rankSitesToFix(visible), [visible]);
  const options = useMemo(() => ({
    regions: [...new Set(points.map((p) => p.region))].sort(),
    provinces: [...new Set(points.filter((p) => !filter.region || p.region === filter.region).map((p) => p.province))].sort(),
    techs: [...new Set(points.map((p) => p.tech))].sort(),
  }), [points, filter.region]);
  const selectedPoint = points.find((p) => p.siteId === selected) ?? null;
  // Sites under a maintenance window in force: ringed on the map.
  const windows = usePolling<MaintenanceList>(mayReadTickets ? () => trpc.maintenance.list.query() : null, 15_000);
  const maintenance = useMemo(() => (windows.value ? maintenanceBySite(windows.value.windows, points.map((p) => p.siteId)) : undefined), [windows.value, points]);
  // Tickets of the selected site that still need attention (issue 5's automation API).
  const siteTickets = usePolling<TicketSummary[] | null>(selected === null || !mayReadTickets ? null : () => trpc.automation.tickets
    .query({ siteId: selected, states: ['open', 'acting', 'verifying', 'escalated'], limit: 20 })
    .then((r) => r.tickets.map((t) => ({ id: `#${t.ticketId}`, state: t.state, title: t.title, openedMs: t.openedAtMs }))), 5000, [selected]);

  // Drill-down series: same source as the map (browser for live windows, server otherwise).
  const win = snapshot?.window;
  const source = snapshot?.source;
  useEffect(() => {
    if (selected === null || !win || !source) { setDetail(null); return; }
    let stop = false;
    const bucketMs = Math.max(60_000, Math.ceil((win.toMs - win.fromMs) / 300 / 60_000) * 60_000);
    const load = source === 'browser'
      ? Promise.all([
        dataset.query<SiteSeriesPoint & Record<string, number>>(siteSeriesSql(selected, win, bucketMs)),
        dataset.query<OpenAlarm & Record<string, string | number>>(siteOpenAlarmsSql(selected, win)),
        dataset.query<ServedAccount & Record<string, number>>(siteAccountsSql(selected, win)),
      ]).then(([series, openAlarms, accounts]) => ({ series, openAlarms, accounts }))
      : trpc.noc.siteDetail.query({ siteId: selected, windowMs: win.toMs - win.fromMs, toMs: win.toMs, bucketMs });
    load.then((d) => { if (!stop) setDetail(d); }).catch(() => { if (!stop) setDetail(null); });
    return () => { stop = true; };
  }, [selected, win?.fromMs, win?.toMs, source, dataset, trpc]); // eslint-disable-line react-hooks/exhaustive-deps

  const fleet = snapshot?.fleet;
  const riskTotal = visible.reduce((n, p) => n + p.revenueAtRiskFen, 0);
  return (
    <main className="page noc-page">
      <header className="topbar">
        <h1>NOC live map</h1>
        <div className="meta">
          <span className="pill"><span className={`dot ${state.phase === 'live' ? 'ok' : 'warn'}`} />{state.phase}</span>
          {snapshot && <span data-testid="noc-window" data-from={snapshot.window.fromMs} data-to={snapshot.window.toMs} data-source={snapshot.source}>
            {formatUtc(snapshot.window.fromMs)} → {formatUtc(snapshot.window.toMs)} · {snapshot.source === 'browser' ? 'browser DuckDB' : 'server'} · refresh {snapshot.refreshMs} ms</span>}
          {error && <span className="error">{error}</span>}
        </div>
      </header>
      <NocFilters filter={filter} onFilter={setFilter} {...options} windowKey={windowKey} onWindow={setWindowKey}
        sizeBy={sizeBy} onSizeBy={setSizeBy} replayToMs={replayToMs} onReplay={setReplayToMs}
        historyStartMs={history?.startMs ?? null} nowMs={history?.nowMs ?? null} />
      {fleet && (
        <div className="cards noc-kpis" data-testid="noc-fleet">
          <div className="card"><div className="label">sites below objective</div><div className="value num" data-testid="fleet-below">{fleet.belowObjective}</div><div className="sub">of {fleet.sites} · objective 99.5 %</div></div>
          <div className="card"><div className="label">breaching now</div><div className="value num">{fleet.breachingNow}</div><div className="sub">p95 over a class target</div></div>
          <div className="card"><div className="label">no data</div><div className="value num">{fleet.noData}</div><div className="sub">never counted as 100 %</div></div>
          <div className="card"><div className="label">credits owed</div><div className="value num">{formatFen(fleet.creditsFen)}</div><div className="sub">monthly-fee bands</div></div>
          <div className="card"><div className="label">revenue at risk</div><div className="value num">{formatFen(riskTotal)}</div><div className="sub" data-testid="revenue-window">{visible.length} sites shown · {snapshot?.revenueWindow
            ? `rated revenue ${formatUtc(snapshot.revenueWindow.fromMs)} → ${formatUtc(snapshot.revenueWindow.toMs)}` : 'rating pending'}</div></div>
        </div>
      )}
      <div className="noc-main">
        <NocMap points={visible} sizeBy={sizeBy} selectedSiteId={selected} onSelect={setSelected} highlightProvince={filter.province} maintenance={maintenance} />
        <SitesToFix ranked={ranked} selectedSiteId={selected} onSelect={setSelected} />
      </div>
      {selectedPoint && <SiteDrillDown site={selectedPoint} detail={detail} tickets={siteTickets.error ? null : siteTickets.value} tierNames={snapshot?.tierNames ?? new Map()} onClose={() => setSelected(null)} />}
      {!state.ready && <p className="muted">Loading the live dataset…</p>}
    </main>
  );
}
