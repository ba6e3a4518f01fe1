// One KPI card: value in its unit (or "pending" / "no data", never 0), RAG status in words, target, change vs the chosen
// comparison periods, 13-period trend; in the reader's language.
import type { ExecReport, KpiValue, ReportPeriod } from '../../../schema/executive.js';
import { KPI_BY_ID } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import type { Comparison } from './executiveUrl.js';
import { figureStateOf } from './kpiFigureState.js';
import { describeDelta, describeTarget, formatKpiValue, formatKpiValueParts, ragView } from './kpiFormat.js';
import { useReportNames } from './reportNames.js';
import { periodName } from './reportStamps.js';
import { Sparkline } from './Sparkline.js';

export interface KpiCardProps {
  kpi: KpiValue;
  /** The comparison periods, named beside each delta. */
  previous: ReportPeriod;
  yearAgo: ReportPeriod;
  /** Which comparisons to show (both by default). */
  compare?: Comparison;
  /** The report's coverage: a revenue figure without a source over days with data is "pending", not missing. */
  coverage?: ExecReport['coverage'] | null;
}

function Delta({ pct, better, versus, base, unit }: { pct: number | null; better: 'up' | 'down'; versus: string; base: number | null; unit: KpiValue['unit'] }) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const d = describeDelta(pct, better, locale);
  const baseText = formatKpiValue(base, unit, locale);
  const vs = t('vs', { period: versus });
  if (d.arrow === '') {
    // No percentage (no figure on one side, or a base of 0): show what the comparison period had instead.
    return <li className="delta tone-neutral"><span className="arrow" aria-hidden="true" /><span className="vs">{vs}: {baseText}</span></li>;
  }
  return (
    <li className={`delta tone-${d.tone}`} title={`${versus}: ${baseText}`} aria-label={t('deltaSpoken', { change: d.spoken, period: versus, base: baseText })}>
      <span className="arrow" aria-hidden="true">{d.arrow}</span>
      <span className="num">{d.text}</span>
      <span className="vs"> {vs}</span>
    </li>
  );
}

export function KpiCard({ kpi, previous, yearAgo, compare = 'both', coverage = null }: KpiCardProps) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const names = useReportNames();
  const state = figureStateOf(kpi, coverage);
  const hasValue = state === 'value';
  const rag = ragView(kpi.rag, hasValue, kpi.target !== null, locale);
  const label = names.kpi(kpi.id, kpi.label);
  const definition = names.kpiDefinition(kpi.id, KPI_BY_ID.get(kpi.id)?.definition);
  const sourceNote = kpi.source === 'history' || kpi.source === 'mixed' ? t(`source.${kpi.source}`) : null;
  const { figure, suffix } = state === 'pending' ? { figure: t('pending'), suffix: '' } : formatKpiValueParts(kpi.value, kpi.unit, locale);
  return (
    <article className={`kpi-card ${rag.className}`} data-testid={`kpi-${kpi.id}`} data-rag={kpi.rag} data-figure={state} aria-labelledby={`kpi-${kpi.id}-label`}>
      <h3 id={`kpi-${kpi.id}-label`} title={definition}>{label}</h3>
      <p className={`kpi-value num${hasValue ? '' : ' no-data'}`} data-testid="kpi-value" title={state === 'pending' ? t('pendingHint') : undefined}>
        {figure}{suffix && <span className="kpi-unit"> {suffix}</span>}
      </p>
      <p className="kpi-status">
        <span className="rag-badge" data-testid="rag"><span aria-hidden="true">{rag.icon}</span> {rag.word}</span>
        {kpi.target && <span className="kpi-target">{describeTarget(kpi.target, kpi.unit, kpi.better, locale)}</span>}
      </p>
      <ul className="deltas">
        {compare !== 'yearAgo' && <Delta pct={kpi.deltaPct} better={kpi.better} versus={periodName(previous, locale)} base={kpi.previous} unit={kpi.unit} />}
        {compare !== 'previous' && <Delta pct={kpi.deltaYearAgoPct} better={kpi.better} versus={periodName(yearAgo, locale)} base={kpi.yearAgo} unit={kpi.unit} />}
      </ul>
      <Sparkline kpi={{ ...kpi, label }} />
      {sourceNote && <p className="kpi-source">{sourceNote}</p>}
    </article>
  );
}
