// The report area for the current request: loading (never the previous period's figures), error with retry, or the
// report, marked stale when its latest refresh failed and "refreshing" while a running period is re-asked.
import type { ReactNode } from 'react';
import type { ExecReport } from '../../../schema/executive.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { ErrorState, LoadingState, StaleNotice } from '../../ui/ViewState.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import type { ExecReportResult } from './useExecReport.js';

export interface ReportStatusProps {
  result: ExecReportResult;
  /** The requested period's name, for the loading line. */
  periodName: string;
  children: (report: ExecReport) => ReactNode;
}

export function ReportStatus({ result, periodName, children }: ReportStatusProps) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  const { state } = result;
  if (state.kind === 'loading') return <LoadingState what={t('computing', { period: periodName })} />;
  if (state.kind === 'error') return <ErrorState error={state.error} onRetry={result.reload} />;
  return (
    <>
      {state.stale && <StaleNotice asOfMs={state.asOfMs} reason={state.stale} />}
      {result.refreshing && <p className="report-status muted" role="status" data-testid="report-refreshing">{t('refreshing', { period: periodName })}</p>}
      {children(state.value)}
    </>
  );
}
