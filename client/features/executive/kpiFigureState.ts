// Whether a KPI card has a figure, has none for the period, or is still waiting for its source (never shown as 0).
import { KPI_BY_ID, type ExecReport, type KpiValue } from '../../../schema/executive.js';
import type { Locale } from '../../i18n/locale.js';
import { translator } from '../../i18n/messages.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { formatKpiValue, isFigure } from './kpiFormat.js';

export type FigureState = 'value' | 'pending' | 'no-data';

/**
 * Revenue figures come from the rating, which the server computes after it starts: until it has, a period with raw
 * data has no revenue source yet ("pending"). Other sections without a figure simply have no data for the period.
 */
export function figureStateOf(kpi: Pick<KpiValue, 'id' | 'value' | 'source'>, coverage: ExecReport['coverage'] | null): FigureState {
  if (isFigure(kpi.value)) return 'value';
  const revenue = KPI_BY_ID.get(kpi.id)?.section === 'revenue';
  return revenue && kpi.source === 'none' && coverage !== null && coverage.rawDays > 0 ? 'pending' : 'no-data';
}

/** The card's figure as text: the value in its unit, "pending" or "no data". */
export function kpiFigureText(kpi: Pick<KpiValue, 'id' | 'value' | 'source' | 'unit'>, coverage: ExecReport['coverage'] | null, locale: Locale = 'en'): string {
  return figureStateOf(kpi, coverage) === 'pending' ? translator(EXECUTIVE_MESSAGES, locale)('pending') : formatKpiValue(kpi.value, kpi.unit, locale);
}
