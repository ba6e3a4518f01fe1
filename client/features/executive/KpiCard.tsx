// One KPI card: value in its unit, RAG status in words, target, change vs previous period and a year ago, 13-period trend.
import type { KpiValue, ReportPeriod } from '../../../schema/executive.js';
import { KPI_BY_ID } from '../../../schema/executive.js';
import { describeDelta, describeTarget, formatKpiValue, formatKpiValueParts, ragView } from './kpiFormat.js';
import { Sparkline } from './Sparkline.js';

export interface KpiCardProps {
  kpi: KpiValue;
  /** The comparison periods, named beside each delta. */
  previous: Pick<ReportPeriod, 'label'>;
  yearAgo: Pick<ReportPeriod, 'label'>;
}

const SOURCE_NOTE: Record<KpiValue['source'], string | null> = {
  raw: null,
  history: 'from daily history',
  mixed: 'raw events + daily history',
  none: null,
};

function Delta({ pct, better, versus, base, unit }: { pct: number | null; better: 'up' | 'down'; versus: string; base: number | null; unit: KpiValue['unit'] }) {
  const d = describeDelta(pct, better);
  const baseText = formatKpiValue(base, unit);
  if (d.arrow === '') {
    // No percentage (no figure on one side, or a base of 0): show what the comparison period had instead.
    return <li className="delta tone-neutral"><span className="arrow" aria-hidden="true" /><span className="vs">vs {versus}: {baseText}</span></li>;
  }
  return (
    <li className={`delta tone-${d.tone}`} title={`${versus}: ${baseText}`} aria-label={`${d.spoken} vs ${versus} (${baseText})`}>
      <span className="arrow" aria-hidden="true">{d.arrow}</span>
      <span className="num">{d.text}</span>
      <span className="vs"> vs {versus}</span>
    </li>
  );
}

export function KpiCard({ kpi, previous, yearAgo }: KpiCardProps) {
  const hasValue = kpi.value !== null && Number.isFinite(kpi.value);
  const rag = ragView(kpi.rag, hasValue, kpi.target !== null);
  const definition = KPI_BY_ID.get(kpi.id)?.definition;
  const sourceNote = SOURCE_NOTE[kpi.source];
  const { figure, suffix } = formatKpiValueParts(kpi.value, kpi.unit);
  return (
    <article className={`kpi-card ${rag.className}`} data-testid={`kpi-${kpi.id}`} data-rag={kpi.rag} aria-labelledby={`kpi-${kpi.id}-label`}>
      <h3 id={`kpi-${kpi.id}-label`} title={definition}>{kpi.label}</h3>
      <p className={`kpi-value num${hasValue ? '' : ' no-data'}`} data-testid="kpi-value">
        {figure}{suffix && <span className="kpi-unit"> {suffix}</span>}
      </p>
      <p className="kpi-status">
        <span className="rag-badge" data-testid="rag"><span aria-hidden="true">{rag.icon}</span> {rag.word}</span>
        {kpi.target && <span className="kpi-target">{describeTarget(kpi.target, kpi.unit, kpi.better)}</span>}
      </p>
      <ul className="deltas">
        <Delta pct={kpi.deltaPct} better={kpi.better} versus={previous.label} base={kpi.previous} unit={kpi.unit} />
        <Delta pct={kpi.deltaYearAgoPct} better={kpi.better} versus={yearAgo.label} base={kpi.yearAgo} unit={kpi.unit} />
      </ul>
      <Sparkline kpi={kpi} />
      {sourceNote && <p className="kpi-source">{sourceNote}</p>}
    </article>
  );
}
