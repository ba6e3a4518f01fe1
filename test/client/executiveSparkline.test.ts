// Pins the sparkline geometry and the print route's inputs (hash parsing, injected report check, readiness flags).
import { describe, expect, it } from 'vitest';
import { sparklineGeometry } from '../../client/features/executive/sparklineGeometry.js';
import { injectedPrintReport, isPrintReportHash, markPrintReady, printRequestOf } from '../../client/features/executive/printRoute.js';
import { archivedPdfUrl, mayRunReports, reportFileUrl, tableCsvUrl } from '../../client/features/executive/executiveApi.js';
import type { ExecReport } from '../../schema/executive.js';

describe('sparklineGeometry', () => {
  it('maps min to the bottom and max to the top inside the padding', () => {
    const g = sparklineGeometry([0, 5, 10], 100, 20, 0);
    expect(g.segments).toEqual(['M0,20L50,10L100,0']);
    expect(g.last).toEqual({ x: 100, y: 0, index: 2 });
    expect(g.withData).toBe(3);
  });
  it('breaks the line at missing periods and keeps lone points as dots', () => {
    const g = sparklineGeometry([1, 2, null, 3, null, 4, 5], 60, 10, 0);
    // lo 1, hi 5 over 10 px: y = (1 - (v - 1) / 4) x 10
    expect(g.segments).toEqual(['M0,10L10,7.5', 'M50,2.5L60,0']);
    expect(g.isolated).toEqual([{ x: 30, y: 5, index: 3 }]);
    expect(g.last).toEqual({ x: 60, y: 0, index: 6 });
  });
  it('has no last point when the newest period has no data, and nothing at all without data', () => {
    expect(sparklineGeometry([1, 2, null], 20, 10).last).toBeNull();
    expect(sparklineGeometry([null, null], 20, 10)).toEqual({ segments: [], isolated: [], last: null, withData: 0 });
    expect(sparklineGeometry([Number.NaN, 3], 20, 10).withData).toBe(1);
  });
  it('draws a flat series in the middle', () => {
    expect(sparklineGeometry([7, 7], 10, 10, 0).segments).toEqual(['M0,5L10,5']);
  });
});

describe('print route', () => {
  it('recognises its hash and reads def and period', () => {
    expect(isPrintReportHash('#/print/report?def=weekly-exec&period=2026-W47')).toBe(true);
    expect(isPrintReportHash('#/print/reports')).toBe(false);
    expect(printRequestOf('#/print/report?def=weekly-exec&period=2026-11-01..2026-11-15')).toEqual({ definitionId: 'weekly-exec', period: '2026-11-01..2026-11-15' });
    expect(printRequestOf('#/print/report?def=weekly-exec')).toBeNull();
    expect(printRequestOf('#/print/report')).toBeNull();
  });
  it('takes only an injected object that looks like a report', () => {
    const report = { sections: [], period: { label: '2026-W47' } } as unknown as ExecReport;
    expect(injectedPrintReport({ __opsdeckPrintReport: report })).toBe(report);
    expect(injectedPrintReport({})).toBeNull();
    expect(injectedPrintReport({ __opsdeckPrintReport: 'x' as unknown as ExecReport })).toBeNull();
  });
  it('flags ready, or the error, on the body for the PDF renderer', () => {
    const body = { dataset: {} as DOMStringMap } as HTMLElement;
    markPrintReady(body, 'no such report');
    expect(body.dataset).toEqual({ reportError: 'no such report' });
    markPrintReady(body, null);
    expect(body.dataset).toEqual({ reportReady: 'true' });
  });
});

describe('report file URLs and the run permission', () => {
  it('encodes definition, period and table', () => {
    const r = { definitionId: 'weekly-exec', period: '2026-11-01..2026-11-15' };
    expect(reportFileUrl('pdf', r)).toBe('/reports/render.pdf?def=weekly-exec&period=2026-11-01..2026-11-15');
    expect(reportFileUrl('html', { definitionId: 'a b', period: '2026-W47' })).toBe('/reports/render.html?def=a+b&period=2026-W47');
    expect(tableCsvUrl(r, 'worst_provinces')).toBe('/reports/table.csv?def=weekly-exec&period=2026-11-01..2026-11-15&table=worst_provinces');
    expect(archivedPdfUrl(14)).toBe('/reports/archive/14.pdf');
  });
  it('offers running reports only when the permission exists and is held', () => {
    expect(mayRunReports(() => false)).toBe(false);
    expect(mayRunReports((p) => p === 'reports.run')).toBe(true);
    expect(mayRunReports((p) => p === 'reports.read')).toBe(false);
  });
});
