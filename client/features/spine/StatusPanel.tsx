// Ingest and sync status: server ingest rate and dead letters next to the browser's own apply rate and lag; the server's
// part says when it is loading, unavailable or stale instead of showing zeros.
import type { ReactNode } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { ErrorState, LoadingState, StaleNotice, type Loadable } from '../../ui/ViewState.js';
import { SPINE_MESSAGES } from './spineMessages.js';
import type { DatasetPhase } from '../../dataSync/liveDataset.js';

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
  phase: DatasetPhase;
  bundle: string | null;
  sinceMs: number | null;
  untilMs: number | null;
  appliedSeq: number | null;
  browserRowsPerSec: number;
  pendingRows: number;
  timeToReadyMs: number | null;
  socket: 'connecting' | 'open' | 'closed';
  reconnects: number;
  resyncs: number;
  dedupedBatches: number;
}

export interface StatusPanelProps {
  browser: BrowserSyncView;
  server: Loadable<ServerStatusView>;
  /** Server catalog totals (all rows in lake + live) per table. */
  catalogTotals: Loadable<ReadonlyArray<{ name: string; rows: number }>>;
  onRetry?: () => void;
}

function Row({ k, v, testId }: { k: string; v: ReactNode; testId?: string }) {
  return <tr><th scope="row">{k}</th><td className="num" data-testid={testId}>{v}</td></tr>;
}

export function StatusPanel({ browser, server, catalogTotals, onRetry }: StatusPanelProps) {
  const { fmt } = useI18n();
  const t = useMessages(SPINE_MESSAGES);
  const s = server.kind === 'ready' ? server.value : null;
  const lag = s && browser.appliedSeq !== null ? s.seq - browser.appliedSeq : null;
  const rate = (n: number | null | undefined) => (n === null || n === undefined ? '—' : t('perSec', { n: fmt.count(n) }));
  return (
    <section className="panel spine-status" aria-labelledby="status-title" data-testid="status-panel">
      <h2 id="status-title">{t('statusTitle')}</h2>
      {server.kind === 'loading' && <LoadingState what={t('serverStatus')} compact />}
      {server.kind === 'error' && <ErrorState error={server.error} onRetry={onRetry} />}
      {server.kind === 'ready' && server.stale && <StaleNotice asOfMs={server.asOfMs} reason={server.stale} />}
      <table className="kv"><tbody>
        <Row k={t('row.phase')} v={`${t(`phase.${browser.phase}`)} · DuckDB ${browser.bundle ?? '…'} · ${t('ws')} ${t(`socket.${browser.socket}`)}`} testId="sync-phase" />
        <Row k={t('row.window')} v={<><Time ms={browser.sinceMs} /> → <Time ms={browser.untilMs} /></>} />
        <Row k={t('row.seq')} v={`${browser.appliedSeq ?? '—'} / ${s?.seq ?? '—'}${lag !== null ? ` ${t('lag', { n: fmt.count(lag) })}` : ''}`} />
        <Row k={t('row.browserRate')} v={rate(browser.browserRowsPerSec)} testId="browser-rows-per-sec" />
        <Row k={t('row.serverRate')} v={rate(s?.rowsPerSec)} testId="server-rows-per-sec" />
        <Row k={t('row.accepted')} v={`${fmt.count(s?.acceptedTotal)} / ${fmt.count(s?.duplicatesTotal)}`} />
        <Row k={t('row.deadLetters')} v={fmt.count(s?.deadLetterTotal)} testId="dead-letter-total" />
        {s && Object.entries(s.deadLetterByReason).map(([reason, n]) => (
          <Row key={reason} k={`· ${reason}`} v={fmt.count(n)} />
        ))}
        <Row k={t('row.pending')} v={fmt.count(browser.pendingRows)} />
        <Row k={t('row.timeToReady')} v={browser.timeToReadyMs === null ? '—' : t('ms', { n: fmt.count(browser.timeToReadyMs) })} testId="time-to-ready" />
        <Row k={t('row.counters')} v={`${fmt.count(browser.reconnects)} / ${fmt.count(browser.resyncs)} / ${fmt.count(browser.dedupedBatches)}`} />
        <Row k={t('row.uptime')} v={`${fmt.duration(s?.uptimeSec)} · ${fmt.count(s?.liveClients)}`} />
        {catalogTotals.kind === 'ready' && catalogTotals.value.map((c) => <Row key={c.name} k={t('row.catalog', { table: c.name })} v={fmt.count(c.rows)} />)}
      </tbody></table>
    </section>
  );
}
