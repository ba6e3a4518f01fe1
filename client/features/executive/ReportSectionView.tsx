// One section of the report (revenue, experience, autonomy): its KPI cards, then its breakdown tables.
import type { ExecReport, ReportPeriod, ReportSection } from '../../../schema/executive.js';
import type { Comparison } from './executiveUrl.js';
import { KpiCard } from './KpiCard.js';
import { useReportNames } from './reportNames.js';
import { ReportTableView } from './ReportTableView.js';

export interface ReportSectionViewProps {
  section: ReportSection;
  previous: ReportPeriod;
  yearAgo: ReportPeriod;
  compare?: Comparison;
  coverage?: ExecReport['coverage'] | null;
  /** CSV link of a table; omitted in print. */
  csvUrl?: (tableId: string) => string;
}

export function ReportSectionView({ section, previous, yearAgo, compare, coverage, csvUrl }: ReportSectionViewProps) {
  const names = useReportNames();
  return (
    <section className="report-section" aria-labelledby={`section-${section.id}`} data-testid={`section-${section.id}`}>
      <h2 id={`section-${section.id}`}>{names.text(section.title)}</h2>
      {section.kpis.length > 0 && (
        <div className="kpi-grid">
          {section.kpis.map((k) => <KpiCard key={k.id} kpi={k} previous={previous} yearAgo={yearAgo} compare={compare} coverage={coverage} />)}
        </div>
      )}
      {section.tables.length > 0 && (
        <div className="table-grid">
          {section.tables.map((t) => <ReportTableView key={t.id} table={t} csvUrl={csvUrl?.(t.id)} />)}
        </div>
      )}
    </section>
  );
}
