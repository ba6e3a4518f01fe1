// The executive page's content for any ExecutiveApi: definition and period pickers, the report, downloads and the archive.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReportDefinition, ReportPeriod } from '../../../schema/executive.js';
import { lastCompletePeriod } from '../../../domain/period/reportPeriod.js';
import { usePolling } from '../../ui/usePolling.js';
import { DefinitionPicker } from './DefinitionPicker.js';
import { DefinitionProblems } from './DefinitionProblems.js';
import { ExecReportView } from './ExecReportView.js';
import { tableCsvUrl, type ExecutiveApi, type ReportRequest } from './executiveApi.js';
import { PeriodPicker } from './PeriodPicker.js';
import { ReportDownloads } from './ReportDownloads.js';
import { ReportStatus } from './ReportStatus.js';
import { isPartial } from './reportStamps.js';
import { RunArchivePanel } from './RunArchivePanel.js';
import { RunNowButton } from './RunNowButton.js';
import { useExecReport } from './useExecReport.js';
import { useReportDefinitions } from './useReportDefinitions.js';
import type { PeriodChoice } from './periodSelection.js';
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

export function ExecutiveScreen({ api, canRun, nowMs = Date.now() }: ExecutiveScreenProps) {
  const defs = useReportDefinitions(api);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const definition = defs.definitions?.find((d) => d.id === chosenId) ?? landingDefinition(defs.definitions) ?? null;
  const [choice, setChoice] = useState<PeriodChoice | null>(null);
  // Until the user picks, the definition's own kind, last complete period.
  const defaultPeriod = useMemo<ReportPeriod | null>(() => (definition ? lastCompletePeriod(definition.period, nowMs) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [definition?.id]);
  const [lastValid, setLastValid] = useState<ReportPeriod | null>(null);
  const period = lastValid ?? defaultPeriod;
  const onChoose = (c: PeriodChoice) => { setChoice(c); if (c.ok) setLastValid(c.period); };
  const onDefinition = (id: string) => { setChosenId(id); setChoice(null); setLastValid(null); };

  const request = useMemo<ReportRequest | null>(() => (definition && period && (choice?.ok ?? true)
    ? { definitionId: definition.id, period: period.label } : null), [definition, period, choice]);

  const [reloadKey, setReloadKey] = useState(0);
  const state = useExecReport(api, request, reloadKey);
  const partial = state.report !== null && state.current && isPartial(state.report);
  useEffect(() => {
    if (!partial) return;
    const t = setInterval(() => setReloadKey((k) => k + 1), PARTIAL_REFRESH_MS);
    return () => clearInterval(t);
  }, [partial]);

  const [runsKey, setRunsKey] = useState(0);
  const loadRuns = useCallback(() => api.runs({ definitionId: definition?.id }), [api, definition?.id]);
  const runs = usePolling(definition ? loadRuns : null, ARCHIVE_POLL_MS, [definition?.id, runsKey]);

  const csvUrl = useCallback((tableId: string) => (request ? tableCsvUrl(request, tableId) : ''), [request]);
  const showReport = state.report !== null && !state.error && request !== null;

  return (
    <main className="page executive" data-testid="executive-page">
      <header className="topbar exec-controls">
        <h1>Executive report</h1>
        {defs.definitions && definition && (
          <DefinitionPicker definitions={defs.definitions} value={definition.id} onChange={onDefinition} />
        )}
        {period && <PeriodPicker key={definition?.id} period={period} error={choice && !choice.ok ? choice.error : null} onChoose={onChoose} nowMs={nowMs} />}
        {request && <ReportDownloads request={request} />}
      </header>
      {defs.error && <p className="error" role="alert">{defs.error}</p>}
      <DefinitionProblems problems={defs.problems} />
      {!defs.error && defs.definitions === null && <p className="muted" role="status">Loading report definitions…</p>}
      {defs.definitions?.length === 0 && <p className="muted">No report is defined on this server (reports/*.yaml).</p>}
      {choice && !choice.ok && <p className="muted">Choose a valid period to see the report.</p>}
      {request && <ReportStatus state={state} requested={request.period} onRetry={() => setReloadKey((k) => k + 1)} />}
      {showReport && state.report && (
        <div className={state.current ? '' : 'stale-report'} aria-busy={!state.current}>
          <ExecReportView report={state.report} csvUrl={state.current ? csvUrl : undefined} />
        </div>
      )}
      {definition && (
        <RunArchivePanel runs={runs.value} error={runs.error}
          action={canRun && request ? <RunNowButton api={api} request={request} onQueued={() => setRunsKey((k) => k + 1)} /> : undefined} />
      )}
    </main>
  );
}
