// The report itself, shared by the page, the print route and so the PDF: header, narrative, then each section's cards and tables.
import type { ExecReport } from '../../../schema/executive.js';
import { ReportHeader } from './ReportHeader.js';
import { ReportNarrative } from './ReportNarrative.js';
import { ReportSectionView } from './ReportSectionView.js';
import { describeStamp } from './reportStamps.js';
import './executive.css';

export interface ExecReportViewProps {
  report: ExecReport;
  /** CSV link of a table; omitted in print. */
  csvUrl?: (tableId: string) => string;
}

export function ExecReportView({ report, csvUrl }: ExecReportViewProps) {
  return (
    <article className="exec-report" data-testid="exec-report" data-period={report.period.label}>
      <ReportHeader report={report} />
      <ReportNarrative sentences={report.narrative} />
      {report.sections.map((s) => (
        <ReportSectionView key={s.id} section={s} previous={report.previous} yearAgo={report.yearAgo} csvUrl={csvUrl} />
      ))}
      <footer className="report-footer muted">
        Definition {report.definition.source} · targets version {report.targetsVersion} · data as of {describeStamp(report.dataAsOfMs)} · generated {describeStamp(report.generatedAtMs)}
      </footer>
    </article>
  );
}
