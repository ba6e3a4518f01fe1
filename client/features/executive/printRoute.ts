// The print route's address and inputs: `#/print/report?def=ID&period=P`, or a report the PDF renderer injected before the page ran.
import type { ExecReport } from '../../../schema/executive.js';
import type { ReportRequest } from './executiveApi.js';

export const PRINT_REPORT_PATH = '#/print/report';

declare global {
  interface Window {
    /** Set by the PDF renderer's init script: the report to print, so the page needs no session and asks for nothing. */
    __opsdeckPrintReport?: ExecReport;
  }
}

export function isPrintReportHash(hash: string): boolean {
  return (hash.split('?')[0] ?? '') === PRINT_REPORT_PATH;
}

/** The report the renderer injected, if it looks like one (a wrong global must not crash the print). */
export function injectedPrintReport(w: Pick<Window, '__opsdeckPrintReport'> = window): ExecReport | null {
  const r = w.__opsdeckPrintReport;
  return r && typeof r === 'object' && Array.isArray(r.sections) && r.period && typeof r.period.label === 'string' ? r : null;
}

/** `def` and `period` of the print hash; null when either is missing. */
export function printRequestOf(hash: string): ReportRequest | null {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const definitionId = params.get('def');
  const period = params.get('period');
  return definitionId && period ? { definitionId, period } : null;
}

/** Tells the PDF renderer the page is complete (it waits for `data-report-ready="true"`), or why it cannot be. */
export function markPrintReady(body: HTMLElement, error: string | null): void {
  if (error === null) {
    delete body.dataset.reportError;
    body.dataset.reportReady = 'true';
  } else {
    delete body.dataset.reportReady;
    body.dataset.reportError = error;
  }
}
