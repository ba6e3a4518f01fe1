// The diagnostics page (#/diagnostics, formerly the data spine) for administrators: is data flowing? Browser DuckDB row
// counts vs the server at the same seq, sync/ingest status and live hourly token usage, each with its own data state; the
// usage chart first draws the server's precomputed series while the browser's DuckDB-WASM starts.
import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { BROWSER_TABLES, type CountsAtSeq } from '../../dataSync/liveDataset.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { ErrorState, type Loadable } from '../../ui/ViewState.js';
import { usePolling } from '../../ui/usePolling.js';
import { CountCards, type BrowserCounts, type ServerCounts } from './CountCards.js';
import { HOURLY_TOKENS_SQL, MAX_TS_SQL, type HourlyTokensRow } from './spineQueries.js';
import { SPINE_MESSAGES } from './spineMessages.js';
import { StatusPanel, type ServerStatusView } from './StatusPanel.js';
import { UsageChart } from './UsageChart.js';
import { chooseUsageSeries, firstPaintRows } from './usageSeriesChoice.js';
import { useFirstPaintSeries } from './useFirstPaintSeries.js';
import './spine.css';

/** A Loadable whose null value (the dataset had nothing to read yet) still counts as loading. */
function nonNull<T>(s: Loadable<T | null>): Loadable<T> {
  if (s.kind !== 'ready') return s;
  return s.value === null ? { kind: 'loading' } : { ...s, value: s.value };
}

function mapReady<T, U>(s: Loadable<T>, f: (v: T) => U): Loadable<U> {
  return s.kind === 'ready' ? { ...s, value: f(s.value) } : s;
}

export function SpinePage() {
  const { trpc, dataset } = useAppServices();
  const t = useMessages(SPINE_MESSAGES);
  const state = useSyncExternalStore(dataset.subscribe, dataset.getState);
  const ready = state.ready;
  const [retry, setRetry] = useState(0);

  const counts = usePolling<CountsAtSeq | null>(ready ? () => dataset.readCounts() : null, 1000, [retry]);
  const series = usePolling(ready ? () => dataset.query<HourlyTokensRow>(HOURLY_TOKENS_SQL) : null, 2000, [retry]);
  // Asked for only while the browser has no series of its own (not when coming back to a page whose dataset is ready).
  const firstPaint = useFirstPaintSeries(!ready);
  const untilMs = usePolling(ready ? async () => (await dataset.query<{ maxMs: number }>(MAX_TS_SQL))[0]?.maxMs ?? null : null, 2000, [retry]).value;

  const status = usePolling(() => trpc.status.query(), 1000, [retry]);
  const server: Loadable<ServerStatusView> = mapReady(status.state, (v) => ({
    uptimeSec: v.uptimeSec, seq: v.seq, ...v.ingest, liveClients: v.live.clients,
  }));

  // The server's counts for exactly the seq and window the browser counts describe: asked with the seq of the latest
  // browser reading, and tagged with it, so an answer for an older seq is shown but never compared.
  const seq = counts.value?.seq ?? null;
  const seqRef = useRef(seq);
  seqRef.current = seq;
  const sinceMs = state.sinceMs;
  const loadCatalog = useCallback(async () => {
    const atSeq = seqRef.current;
    const catalog = await trpc.catalog.query(sinceMs !== null && atSeq !== null ? { sinceMs, atSeq } : {});
    return { atSeq, catalog };
  }, [trpc, sinceMs]);
  const catalog = usePolling(loadCatalog, 2000, [sinceMs, retry]);
  const serverCounts = useMemo<Loadable<ServerCounts>>(() => {
    const s = catalog.state;
    if (s.kind !== 'ready') return s;
    if (s.value.atSeq === null) return { kind: 'loading' };
    return { ...s, value: { atSeq: s.value.atSeq, counts: Object.fromEntries(s.value.catalog.tables.map((x) => [x.name, x.rowsSince ?? x.rows])) } };
  }, [catalog.state]);
  const totals = mapReady(catalog.state, (v) => v.catalog.tables.map((x) => ({ name: x.name, rows: x.rows })));

  const browserCounts: Loadable<BrowserCounts> = state.phase === 'error' && !ready
    ? { kind: 'error', error: state.error ?? t('phase.error') }
    : nonNull(counts.state);
  const live: Loadable<readonly HourlyTokensRow[]> = state.phase === 'error' && !ready ? { kind: 'error', error: state.error ?? t('phase.error') } : series.state;
  const liveShown = useRef(false);
  if (live.kind === 'ready') liveShown.current = true;
  const firstPaintSeries = useMemo(() => mapReady(firstPaint, firstPaintRows), [firstPaint]);
  const usage = chooseUsageSeries(live, firstPaintSeries, liveShown.current);
  const loadingWhat = t('browserData', { phase: t(`phase.${state.phase}`) });
  const onRetry = () => setRetry((n) => n + 1);

  return (
    <main className="page spine" data-testid="diagnostics-page">
      <header className="topbar">
        <h1>{t('title')}</h1>
        <div className="meta">
          <span className="pill" data-testid="sync-state" data-phase={state.phase}>
            <span className={`dot ${state.phase === 'live' ? 'ok' : state.phase === 'error' ? 'bad' : 'warn'}`} />{t(`phase.${state.phase}`)}
          </span>
          {sinceMs !== null && <span>{t('windowSince')} <Time ms={sinceMs} testId="window-since" /></span>}
          {ready && <span className="pill" data-testid="duckdb-ready">{t('duckdbReady', { bundle: state.bundle ?? '' })}</span>}
        </div>
      </header>
      <p className="muted spine-purpose">{t('purpose')}</p>
      {state.error && <ErrorState error={state.error} />}
      <CountCards tables={BROWSER_TABLES} counts={browserCounts} server={serverCounts} loadingWhat={loadingWhat} />
      <div className="grid2">
        <StatusPanel browser={{ ...state, untilMs: untilMs ?? null }} server={server} catalogTotals={totals} onRetry={onRetry} />
        <UsageChart series={usage.series} source={usage.source} onRetry={onRetry} />
      </div>
    </main>
  );
}
