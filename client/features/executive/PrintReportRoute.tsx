// The print route inside a session: prints the injected report if any, else fetches the one named by `?def=&period=`.
import { useMemo } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useCan } from '../../app/permissions.js';
import { executiveApiOf } from './executiveApi.js';
import { PrintReport, PrintReportProblem } from './PrintReport.js';
import { injectedPrintReport, printRequestOf } from './printRoute.js';
import { useExecReport } from './useExecReport.js';

export function PrintReportRoute({ hash }: { hash: string }) {
  const injected = injectedPrintReport();
  const { trpc } = useAppServices();
  const api = useMemo(() => executiveApiOf(trpc), [trpc]);
  const allowed = useCan()('reports.read');
  const request = useMemo(() => (injected || !allowed ? null : printRequestOf(hash)), [injected, allowed, hash]);
  const { state } = useExecReport(api, request);
  if (injected) return <PrintReport report={injected} />;
  if (!allowed) return <PrintReportProblem message="Your role may not read reports (reports.read)." />;
  if (!request) return <PrintReportProblem message="The print address needs ?def=REPORT&period=PERIOD (e.g. #/print/report?def=weekly-exec&period=2026-W47)." />;
  if (state.kind === 'error') return <PrintReportProblem message={state.error} />;
  if (state.kind === 'loading') return <main className="print-report"><p className="muted" role="status">Computing the report for {request.period}…</p></main>;
  return <PrintReport report={state.value} />;
}
