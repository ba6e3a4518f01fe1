// The spine page: browser DuckDB row counts vs the server, sync/ingest status and live hourly token usage.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { BROWSER_TABLES, type CountsAtSeq } from '../../dataSync/liveDataset.js';
import { usePolling } from '../../ui/usePolling.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { CountCards } from './CountCards.js';
import { StatusPanel, type ServerStatusView } from './StatusPanel.js';
import { UsageChart } from './UsageChart.js';
import { HOURLY_TOKENS_SQL, MAX_TS_SQL, type HourlyTokensRow } from './spineQueries.js';
import { useAppServices } from '../../app/AppServices.js';

export function SpinePage() {
  const { trpc, dataset } = useAppServices();
  const state = useSyncExternalStore(dataset.subscribe, dataset.getState);
  const ready = state.ready;

  const counts = usePolling<CountsAtSeq | null>(ready ? () => dataset.readCounts() : null, 1000).value;
  const series = usePolling(ready ? () => dataset.query<HourlyTokensRow>(HOURLY_TOKENS_SQL) : null, 2000).value;
  const untilMs = usePolling(ready ? async () => (await dataset.query<{ maxMs: number }>(MAX_TS_SQL))[0]?.maxMs ?? null : null, 2000).value;

  const status = usePolling(() => trpc.status.query(), 1000);
  const serverView: ServerStatusView | null = status.value ? {
    uptimeSec: status.value.uptimeSec, seq: status.value.seq, ...status.value.ingest, liveClients: status.value.live.clients,
  } : null;

  // The server's counts for exactly the seq and window the browser counts describe.
  const seq = counts?.seq ?? null;
  const sinceMs = state.sinceMs;
  const loadCatalog = useCallback(
    () => trpc.catalog.query(sinceMs !== null && seq !== null ? { sinceMs, atSeq: seq } : {}),
    [trpc, sinceMs, seq],
  );
  const catalog = usePolling(loadCatalog, 2000, [sinceMs, seq]).value;
  const serverCounts = useMemo(
    () => (catalog ? Object.fromEntries(catalog.tables.map((t) => [t.name, t.rowsSince ?? t.rows])) : null),
    [catalog],
  );

  return (
    <main className="page">
      <header className="topbar">
        <h1>Data spine</h1>
        <div className="meta">
          <span className="pill"><span className={`dot ${state.phase === 'live' ? 'ok' : state.phase === 'error' ? 'bad' : 'warn'}`} />{state.phase}</span>
          <span>window since <span className="num" data-testid="window-since" title={formatUtc(sinceMs)}>{sinceMs ?? ''}</span></span>
          <span>({formatUtc(sinceMs)})</span>
          {ready && <span className="pill" data-testid="duckdb-ready">DuckDB-WASM {state.bundle} ready</span>}
          {state.error && <span className="error">{state.error}</span>}
        </div>
      </header>
      <CountCards tables={BROWSER_TABLES} counts={counts?.counts ?? null} seq={seq}
        serverCounts={serverCounts} serverSeq={catalog && seq !== null ? seq : null} />
      <div className="grid2">
        <StatusPanel
          browser={{ ...state, untilMs: untilMs ?? null }}
          server={serverView}
          catalogTotals={catalog ? catalog.tables.map((t) => ({ name: t.name, rows: t.rows })) : null}
        />
        <UsageChart series={series ?? []} />
      </div>
    </main>
  );
}
