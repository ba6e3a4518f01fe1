// One section of the report (revenue, experience, autonomy): its KPI cards, then its breakdown tables.
import type { ReportPeriod, ReportSection } from '../../../schema/executive.js';
import { KpiCard } from './KpiCard.js';
import { ReportTableView } from './ReportTableView.js';

export interface ReportSectionViewProps {
  section: ReportSection;
  previous: Pick<ReportPeriod, 'label'>;
  yearAgo: Pick<ReportPeriod, 'label'>;
  /** CSV link of a table; omitted in print. */
  csvUrl?: (tableId: string) => string;
}

export function ReportSectionView({ section, previous, yearAgo, csvUrl }: ReportSectionViewProps) {
  return (
    <section className="report-section" aria-labelledby={`section-${section.id}`} data-testid={`section-${section.id}`}>
      <h2 id={`section-${section.id}`}>{section.title}</h2>
      {section.kpis.length > 0 && (
        <div className="kpi-grid">
          {section.kpis.map((k) => <KpiCard key={k.id} kpi={k} previous={previous} yearAgo={yearAgo} />)}
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
