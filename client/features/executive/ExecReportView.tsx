// The report itself, shared by the page, the print route and so the PDF: header, narrative, then each section's cards and tables.
import type { ExecReport } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import type { Comparison } from './executiveUrl.js';
import { ReportHeader } from './ReportHeader.js';
import { ReportNarrative } from './ReportNarrative.js';
import { ReportSectionView } from './ReportSectionView.js';
import './executive.css';

export interface ExecReportViewProps {
  report: ExecReport;
  /** Which comparisons the KPI cards show (both in print). */
  compare?: Comparison;
  /** CSV link of a table; omitted in print. */
  csvUrl?: (tableId: string) => string;
}

export function ExecReportView({ report, compare = 'both', csvUrl }: ExecReportViewProps) {
  const { fmt, timeZone } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (
    <article className="exec-report" data-testid="exec-report" data-period={report.period.label} data-definition={report.definition.id}>
      <ReportHeader report={report} />
      <ReportNarrative sentences={report.narrative} />
      {report.sections.map((s) => (
        <ReportSectionView key={s.id} section={s} previous={report.previous} yearAgo={report.yearAgo} compare={compare} coverage={report.coverage} csvUrl={csvUrl} />
      ))}
      <footer className="report-footer muted">
        {t('footer', {
          source: report.definition.source, version: report.targetsVersion,
          dataAsOf: fmt.dateTime(report.dataAsOfMs), generated: fmt.dateTime(report.generatedAtMs), tz: timeZone,
        })}
      </footer>
    </article>
  );
}
