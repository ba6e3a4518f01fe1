// A KPI's trend over the last 13 periods as a small inline SVG (prints crisply, needs no chart library); gaps mean no data.
// Colours are the theme's (stroke and fill from CSS variables), so it reads in the dark, light and print themes.
import type { KpiValue } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { formatKpiValue } from './kpiFormat.js';
import { periodNameOfLabel } from './reportStamps.js';
import { sparklineGeometry } from './sparklineGeometry.js';

const W = 132;
const H = 30;

export function Sparkline({ kpi }: { kpi: Pick<KpiValue, 'sparkline' | 'unit' | 'label'> }) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const g = sparklineGeometry(kpi.sparkline.map((p) => p.value), W, H, 3);
  const first = kpi.sparkline[0];
  const last = kpi.sparkline[kpi.sparkline.length - 1];
  const label = g.withData === 0
    ? t('trendNone', { kpi: kpi.label, n: String(kpi.sparkline.length) })
    : t('trendOver', {
      kpi: kpi.label, n: String(kpi.sparkline.length),
      from: first ? periodNameOfLabel(first.label, locale) : '', to: last ? periodNameOfLabel(last.label, locale) : '',
      values: kpi.sparkline.map((p) => formatKpiValue(p.value, kpi.unit, locale)).join(locale === 'en' ? ', ' : '，'),
    });
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} data-testid="sparkline">
      <title>{label}</title>
      {g.withData === 0 && <text x={W / 2} y={H / 2 + 4} textAnchor="middle" className="spark-empty">{t('noTrend')}</text>}
      {g.segments.map((d, i) => <path key={i} d={d} className="spark-line" />)}
      {g.isolated.map((p) => <circle key={p.index} cx={p.x} cy={p.y} r={1.6} className="spark-dot" />)}
      {g.last && <circle cx={g.last.x} cy={g.last.y} r={2.6} className="spark-last" />}
    </svg>
  );
}
