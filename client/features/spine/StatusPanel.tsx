// Ingest and sync status: server ingest rate and dead letters next to the browser's own apply rate and lag.
import { formatCount, formatDuration, formatRate, formatUtc } from '../../ui/formatNumbers.js';

export interface ServerStatusView {
  uptimeSec: number;
  seq: number;
  acceptedTotal: number;
  rowsPerSec: number;
  duplicatesTotal: number;
  deadLetterTotal: number;
  deadLetterByReason: Readonly<Record<string, number>>;
  liveClients: number;
}

export interface BrowserSyncView {
  phase: string;
  bundle: string | null;
  sinceMs: number | null;
  untilMs: number | null;
  appliedSeq: number | null;
  browserRowsPerSec: number;
  pendingRows: number;
  timeToReadyMs: number | null;
  socket: string;
  reconnects: number;
  resyncs: number;
  dedupedBatches: number;
}

export interface StatusPanelProps {
  browser: BrowserSyncView;
  server: ServerStatusView | null;
  /** Server catalog totals (all rows in lake + live) per table. */
  catalogTotals: ReadonlyArray<{ name: string; rows: number }> | null;
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return <tr><td>{k}</td><td className="num" data-testid={testId}>{v}</td></tr>;
}

export function StatusPanel({ browser, server, catalogTotals }: StatusPanelProps) {
  const lag = server && browser.appliedSeq !== null ? server.seq - browser.appliedSeq : null;
  return (
    <section className="panel">
      <h2>Sync &amp; ingest</h2>
      <table className="kv"><tbody>
        <Row k="phase" v={`${browser.phase} · duckdb ${browser.bundle ?? '…'} · ws ${browser.socket}`} />
        <Row k="window (UTC)" v={`${formatUtc(browser.sinceMs)} → ${formatUtc(browser.untilMs)}`} />
        <Row k="applied seq / server seq" v={`${browser.appliedSeq ?? '—'} / ${server?.seq ?? '—'}${lag !== null ? ` (lag ${lag})` : ''}`} />
        <Row k="browser apply rate" v={formatRate(browser.browserRowsPerSec)} testId="browser-rows-per-sec" />
        <Row k="server ingest rate" v={formatRate(server?.rowsPerSec)} testId="server-rows-per-sec" />
        <Row k="accepted / duplicates" v={`${formatCount(server?.acceptedTotal)} / ${formatCount(server?.duplicatesTotal)}`} />
        <Row k="dead letters" v={formatCount(server?.deadLetterTotal)} testId="dead-letter-total" />
        {server && Object.entries(server.deadLetterByReason).map(([reason, n]) => (
          <Row key={reason} k={`  · ${reason}`} v={formatCount(n)} />
        ))}
        <Row k="pending rows (coalescing)" v={formatCount(browser.pendingRows)} />
        <Row k="time to ready" v={browser.timeToReadyMs === null ? '—' : `${formatCount(browser.timeToReadyMs)} ms`} testId="time-to-ready" />
        <Row k="reconnects / resyncs / deduped" v={`${browser.reconnects} / ${browser.resyncs} / ${browser.dedupedBatches}`} />
        <Row k="server uptime · live clients" v={`${formatDuration(server?.uptimeSec)} · ${server?.liveClients ?? '—'}`} />
        {catalogTotals?.map((t) => <Row key={t.name} k={`catalog ${t.name}`} v={formatCount(t.rows)} />)}
      </tbody></table>
    </section>
  );
}
