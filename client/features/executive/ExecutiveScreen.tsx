// The executive page's content for any ExecutiveApi: definition, period and comparison (all in the URL), the report with
// its loading / error / stale states, downloads and the archive.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReportDefinition, ReportPeriod } from '../../../schema/executive.js';
import { lastCompletePeriod } from '../../../domain/period/reportPeriod.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EmptyState, ErrorState, LoadingState } from '../../ui/ViewState.js';
import { usePolling } from '../../ui/usePolling.js';
import { ComparePicker } from './ComparePicker.js';
import { DefinitionPicker } from './DefinitionPicker.js';
import { DefinitionProblems } from './DefinitionProblems.js';
import { ExecReportView } from './ExecReportView.js';
import { tableCsvUrl, type ExecutiveApi, type ReportRequest } from './executiveApi.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { useExecutiveView } from './executiveUrl.js';
import { PeriodPicker, usePeriodErrorText } from './PeriodPicker.js';
import { choosePeriod, type PeriodChoice, type PeriodError } from './periodSelection.js';
import { ReportDownloads } from './ReportDownloads.js';
import { useReportNames } from './reportNames.js';
import { isPartial, periodName } from './reportStamps.js';
import { ReportStatus } from './ReportStatus.js';
import { RunArchivePanel } from './RunArchivePanel.js';
import { RunNowButton } from './RunNowButton.js';
import { useExecReport } from './useExecReport.js';
import { useReportDefinitions } from './useReportDefinitions.js';
import './executive.css';

export interface ExecutiveScreenProps {
  api: ExecutiveApi;
  /** Shows "run now" (the server checks `reports.run` again). */
  canRun: boolean;
  /** The present, for the default period and the "next" button; stories pin it. */
  nowMs?: number;
}

const KIND_ORDER = ['day', 'week', 'month', 'quarter'];

/** Until one is chosen, the report with the shortest period (the most recent picture: weekly before monthly). */
function landingDefinition(defs: readonly ReportDefinition[] | null): ReportDefinition | undefined {
  return defs ? [...defs].sort((a, b) => KIND_ORDER.indexOf(a.period) - KIND_ORDER.indexOf(b.period))[0] : undefined;
}

/** A running period's figures change: re-ask this often while it is shown. */
const PARTIAL_REFRESH_MS = 60_000;
const ARCHIVE_POLL_MS = 15_000;

export function ExecutiveScreen({ api, canRun, nowMs: fixedNowMs }: ExecutiveScreenProps) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const names = useReportNames();
  const periodErrorText = usePeriodErrorText();
  // The present, taken once per mount (a default period must not move between renders).
  const [mountNowMs] = useState(() => Date.now());
  const nowMs = fixedNowMs ?? mountNowMs;
  const defs = useReportDefinitions(api);
  const [view, setView] = useExecutiveView();

  const list = defs.definitions.kind === 'ready' ? defs.definitions.value : null;
  const named = view.def !== null ? list?.find((d) => d.id === view.def) : undefined;
  const definition = named ?? landingDefinition(list) ?? null;
  const unknownDef = view.def !== null && list !== null && !named && definition !== null;

  const urlChoice = useMemo<PeriodChoice | null>(() => (view.period ? choosePeriod(view.period) : null), [view.period]);
  const defaultPeriod = useMemo<ReportPeriod | null>(() => (definition ? lastCompletePeriod(definition.period, nowMs) : null), [definition, nowMs]);
  const period = urlChoice?.ok ? urlChoice.period : defaultPeriod;
  const badUrlPeriod = urlChoice && !urlChoice.ok ? urlChoice.error : null;

  // An invalid draft (a reversed custom range) is shown, never requested; the URL keeps the last valid period.
  const [draftError, setDraftError] = useState<PeriodError | null>(null);
  useEffect(() => { setDraftError(null); }, [view.def, view.period]);

  const onChoose = (c: PeriodChoice) => {
    if (!c.ok) { setDraftError(c.error); return; }
    setDraftError(null);
    if (definition) setView({ ...view, def: definition.id, period: c.period.label });
  };
  const onDefinition = (id: string) => {
    const next = list?.find((d) => d.id === id);
    if (next) setView({ ...view, def: id, period: lastCompletePeriod(next.period, nowMs).label });
  };

  const request = useMemo<ReportRequest | null>(() => (definition && period && !draftError
    ? { definitionId: definition.id, period: period.label } : null), [definition, period, draftError]);

  const report = useExecReport(api, request);
  const partial = report.state.kind === 'ready' && isPartial(report.state.value);
  const { reload } = report;
  useEffect(() => {
    if (!partial) return;
    const timer = setInterval(reload, PARTIAL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [partial, reload]);

  const [runsKey, setRunsKey] = useState(0);
  const loadRuns = useCallback(() => api.runs({ definitionId: definition?.id }), [api, definition?.id]);
  const runs = usePolling(definition ? loadRuns : null, ARCHIVE_POLL_MS, [definition?.id, runsKey]);

  const csvUrl = useCallback((tableId: string) => (request ? tableCsvUrl(request, tableId) : ''), [request]);

  return (
    <main className="page executive" data-testid="executive-page">
      <header className="topbar exec-controls">
        <h1>{t('title')}</h1>
        {list && definition && <DefinitionPicker definitions={list} value={definition.id} onChange={onDefinition} />}
        {period && definition && <PeriodPicker period={period} error={draftError} onChoose={onChoose} nowMs={nowMs} />}
        {request && <ComparePicker value={view.compare} onChange={(compare) => setView({ ...view, compare })} />}
        {request && <ReportDownloads request={request} />}
      </header>
      <p className="muted exec-purpose">{t('purpose')}</p>
      {defs.definitions.kind === 'loading' && <LoadingState what={t('definitions')} />}
      {defs.definitions.kind === 'error' && <ErrorState error={defs.definitions.error} onRetry={defs.reload} />}
      <DefinitionProblems problems={defs.problems} />
      {list?.length === 0 && <EmptyState>{t('noDefinitions')}</EmptyState>}
      {unknownDef && definition && (
        <p className="view-state view-stale" role="status" data-testid="unknown-definition">{t('unknownDefinition', { id: view.def ?? '', title: names.text(definition.title) })}</p>
      )}
      {badUrlPeriod && period && (
        <p className="view-state view-stale" role="status" data-testid="bad-url-period">
          {t('badPeriodInUrl', { period: view.period ?? '', reason: periodErrorText(badUrlPeriod), shown: periodName(period, locale) })}
        </p>
      )}
      {draftError && <p className="muted">{t('chooseValidPeriod')}</p>}
      {request && period && (
        <ReportStatus result={report} periodName={periodName(period, locale)}>
          {(r) => <ExecReportView report={r} compare={view.compare} csvUrl={csvUrl} />}
        </ReportStatus>
      )}
      {definition && (
        <RunArchivePanel runs={runs.state} onRetry={() => setRunsKey((k) => k + 1)}
          action={canRun && request ? <RunNowButton api={api} request={request} onQueued={() => setRunsKey((k) => k + 1)} /> : undefined} />
      )}
    </main>
  );
}
