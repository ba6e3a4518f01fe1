// The archive of rendered reports: each run's state, attempts, deliveries and errors, with its PDF once rendered; loading,
// empty, error and stale (a failed refresh keeps the last list, marked) like every view.
import type { ReactNode } from 'react';
import type { ReportRunInfo, ReportRunState } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { archivedPdfUrl } from './executiveApi.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { periodNameOfLabel } from './reportStamps.js';

export interface RunArchivePanelProps {
  runs: Loadable<readonly ReportRunInfo[]>;
  onRetry?: () => void;
  /** The "run now" control, when the user may run reports. */
  action?: ReactNode;
}

const STATE_DOT: Record<ReportRunState, string> = { pending: '', rendering: 'warn', delivering: 'warn', done: 'ok', failed: 'bad' };

function Deliveries({ run }: { run: ReportRunInfo }) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  if (run.deliveries.length === 0) return <span className="muted">{t('noDeliveries')}</span>;
  return (
    <ul className="deliveries">
      {run.deliveries.map((d) => (
        <li key={d.target} title={d.lastError ?? undefined}>
          <span className={`dot ${d.state === 'delivered' ? 'ok' : d.state === 'failed' ? 'bad' : 'warn'}`} /> {d.target}: {t(`delivery.${d.state}`)}
          {d.attempts > 1 && ` ${t('deliveryAttempts', { n: d.attempts })}`}{d.lastError && <span className="error" lang="en"> {d.lastError}</span>}
        </li>
      ))}
    </ul>
  );
}

function RunRow({ run }: { run: ReportRunInfo }) {
  const { locale, fmt } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (
    <tr data-testid={`run-${run.runId}`} data-state={run.state}>
      <td className="num" title={run.periodLabel}>{periodNameOfLabel(run.periodLabel, locale)}</td>
      <td>{run.definitionId}</td>
      <td>{t(`trigger.${run.trigger}`)}</td>
      <td><span className="pill"><span className={`dot ${STATE_DOT[run.state]}`} />{t(`run.${run.state}`)}</span></td>
      <td className="r num">{fmt.count(run.attempts)}</td>
      <td className="num"><Time ms={run.createdAtMs} /></td>
      <td className="num"><Time ms={run.finishedAtMs} /></td>
      <td><Deliveries run={run} />{run.lastError && <p className="error run-error" lang="en">{run.lastError}</p>}</td>
      <td>{run.pdfBytes !== null
        ? <a href={archivedPdfUrl(run.runId)} download>{t('pdfSize', { size: fmt.count(Math.max(1, Math.round(run.pdfBytes / 1024))) })}</a>
        : <span className="muted">{t('notRendered')}</span>}</td>
    </tr>
  );
}

export function RunArchivePanel({ runs, onRetry, action }: RunArchivePanelProps) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (
    <section className="panel run-archive" aria-labelledby="archive-title" data-testid="run-archive">
      <div className="archive-head">
        <h2 id="archive-title">{t('archiveTitle')}</h2>
        {runs.kind === 'ready' && <AsOf ms={runs.asOfMs} testId="archive-as-of" />}
        {action}
      </div>
      <Loaded state={runs} what={t('archive')} onRetry={onRetry} isEmpty={(r) => r.length === 0} empty={t('archiveEmpty')}>
        {(list) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('col.period')}</th><th scope="col">{t('col.report')}</th><th scope="col">{t('col.trigger')}</th><th scope="col">{t('col.state')}</th>
                  <th scope="col" className="r">{t('col.attempts')}</th><th scope="col">{t('col.created')}</th><th scope="col">{t('col.finished')}</th>
                  <th scope="col">{t('col.deliveries')}</th><th scope="col">{t('col.file')}</th>
                </tr>
              </thead>
              <tbody>{list.map((r) => <RunRow key={r.runId} run={r} />)}</tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}
