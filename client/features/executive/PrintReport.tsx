// The printable report: the page's own components in a light, A4 layout without navigation; says when rendering is complete.
import { useEffect } from 'react';
import type { ExecReport } from '../../../schema/executive.js';
import { ExecReportView } from './ExecReportView.js';
import { markPrintReady } from './printRoute.js';
import './print.css';

export function PrintReport({ report }: { report: ExecReport }) {
  useEffect(() => {
    // Layout after fonts: the renderer must not snapshot a page still reflowing.
    let cancelled = false;
    void document.fonts.ready.then(() => requestAnimationFrame(() => { if (!cancelled) markPrintReady(document.body, null); }));
    return () => { cancelled = true; };
  }, [report]);
  return (
    <main className="print-report" data-testid="print-report">
      <ExecReportView report={report} />
    </main>
  );
}

/** What the print route shows when it has no report to print; the renderer sees the error in `data-report-error`. */
export function PrintReportProblem({ message }: { message: string }) {
  useEffect(() => { markPrintReady(document.body, message); }, [message]);
  return (
    <main className="print-report" data-testid="print-report-error">
      <p className="error" role="alert">{message}</p>
    </main>
  );
}
