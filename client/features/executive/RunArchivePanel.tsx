// The archive of rendered reports: each run's state, attempts, deliveries and errors, with its PDF once rendered.
import type { ReactNode } from 'react';
import type { ReportRunInfo, ReportRunState } from '../../../schema/executive.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { archivedPdfUrl } from './executiveApi.js';

export interface RunArchivePanelProps {
  runs: readonly ReportRunInfo[] | null;
  error: string | null;
  /** The "run now" control, when the user may run reports. */
  action?: ReactNode;
}

const STATE_DOT: Record<ReportRunState, string> = { pending: '', rendering: 'warn', delivering: 'warn', done: 'ok', failed: 'bad' };

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US')} kB`;

function Deliveries({ run }: { run: ReportRunInfo }) {
  if (run.deliveries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="deliveries">
      {run.deliveries.map((d) => (
        <li key={d.target} title={d.lastError ?? undefined}>
          <span className={`dot ${d.state === 'delivered' ? 'ok' : d.state === 'failed' ? 'bad' : 'warn'}`} /> {d.target}: {d.state}
          {d.attempts > 1 && ` (${d.attempts} attempts)`}{d.lastError && <span className="error"> {d.lastError}</span>}
        </li>
      ))}
    </ul>
  );
}

function RunRow({ run }: { run: ReportRunInfo }) {
  return (
    <tr data-testid={`run-${run.runId}`} data-state={run.state}>
      <td className="num">{run.periodLabel}</td>
      <td>{run.definitionId}</td>
      <td>{run.trigger}</td>
      <td><span className="pill"><span className={`dot ${STATE_DOT[run.state]}`} />{run.state}</span></td>
      <td className="r num">{run.attempts}</td>
      <td className="num">{formatUtc(run.createdAtMs)}</td>
      <td className="num">{run.finishedAtMs === null ? '—' : formatUtc(run.finishedAtMs)}</td>
      <td><Deliveries run={run} />{run.lastError && <p className="error run-error">{run.lastError}</p>}</td>
      <td>{run.pdfBytes !== null ? <a href={archivedPdfUrl(run.runId)} download>PDF ({kb(run.pdfBytes)})</a> : <span className="muted">not rendered</span>}</td>
    </tr>
  );
}

export function RunArchivePanel({ runs, error, action }: RunArchivePanelProps) {
  return (
    <section className="panel run-archive" aria-labelledby="archive-title" data-testid="run-archive">
      <div className="archive-head"><h2 id="archive-title">Rendered reports (archive)</h2>{action}</div>
      {error && <p className="error" role="alert">Cannot list the archive: {error}</p>}
      {runs === null && !error && <p className="muted">Loading the archive…</p>}
      {runs !== null && runs.length === 0 && <p className="muted">No report has been rendered yet.</p>}
      {runs !== null && runs.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Period</th><th scope="col">Report</th><th scope="col">Trigger</th><th scope="col">State</th><th scope="col" className="r">Attempts</th>
                <th scope="col">Created</th><th scope="col">Finished</th><th scope="col">Deliveries / errors</th><th scope="col">File</th>
              </tr>
            </thead>
            <tbody>{runs.map((r) => <RunRow key={r.runId} run={r} />)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
