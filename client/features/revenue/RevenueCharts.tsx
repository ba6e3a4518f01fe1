// Linked Observable Plot charts of the revenue explorer; clicking a bar (or a legend entry) toggles that value as a filter.
import * as Plot from '@observablehq/plot';
import { useMemo, type ReactNode } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import type { Translate } from '../../i18n/messages.js';
import { PlotFigure } from '../../ui/PlotFigure.js';
import { useTheme } from '../../ui/ThemeProvider.js';
import { fitText, textWidthPx, thinTicks } from './chartText.js';
import { CsvButton } from './CsvButton.js';
import type { CsvTable } from './csvExport.js';
import { DAY_MS } from './dateRange.js';
import { usePeriodText, type ExplorerPeriod } from './explorerPeriod.js';
import { useRevenueLabels } from './revenueLabels.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';
import { arpuBySegmentCsv, csvFileName, modelMixCsv, overTimeCsv, provincesCsv } from './revenueCsv.js';
import type { ArpuRow, ModelMixRow, ProvinceRow, RevenueOverTimeRow, TimeGrain } from './revenueQueries.js';
import type { ModelMetricKey } from './revenueUrlState.js';
import { bucketDays } from './timeGrain.js';
import { tierColours } from './tierPalette.js';
import { useElementWidth } from '../../ui/useElementWidth.js';

type T = Translate<typeof REVENUE_MESSAGES.en>;

function tagRects(chart: Element, selector: string, keys: readonly string[]): void {
  // Plot draws one element per datum, in data order, inside the mark's group.
  chart.querySelectorAll(selector).forEach((r, i) => {
    const k = keys[i];
    if (k !== undefined) { r.setAttribute('data-key', k); (r as SVGElement).style.cursor = 'pointer'; }
  });
}

/** A chart's panel: title, the period and unit it states, CSV, an optional toolbar (inside the panel), the figure. */
export function ChartPanel({ title, subtitle, csv, toolbar, children, className = '' }: {
  title: string; subtitle: string; csv?: ReactNode; toolbar?: ReactNode; children: ReactNode; className?: string;
}) {
  return (
    <section className={`panel chart ${className}`}>
      <div className="panel-head">
        <h2>{title}</h2>
        {csv}
      </div>
      <p className="muted small chart-sub">{subtitle}</p>
      {toolbar}
      {children}
    </section>
  );
}

function grainWords(t: T, grain: TimeGrain) {
  return {
    desc: t(grain === 'day' ? 'grainDesc.day' : grain === 'week' ? 'grainDesc.week' : 'grainDesc.month'),
    axis: t(grain === 'day' ? 'axis.perDay' : grain === 'week' ? 'axis.perWeek' : 'axis.perMonth'),
    unit: t(grain === 'day' ? 'grain.day' : grain === 'week' ? 'grain.week' : 'grain.month'),
  };
}

export interface RevenueOverTimeChartProps {
  rows: readonly RevenueOverTimeRow[];
  /** Every tier of the catalog (colours are fixed per catalog tier, whatever the filters show). */
  tiers: ReadonlyArray<{ id: number; name: string }>;
  grain: TimeGrain;
  period: ExplorerPeriod;
  selectedTierIds: readonly number[];
  onToggleTier?: (tierId: number) => void;
}

export function RevenueOverTimeChart({ rows, tiers, grain, period, selectedTierIds, onToggleTier }: RevenueOverTimeChartProps) {
  const t = useMessages(REVENUE_MESSAGES);
  const { fmt } = useI18n();
  const { theme } = useTheme();
  const tierNames = useMemo(() => Object.fromEntries(tiers.map((x) => [x.id, x.name])), [tiers]);
  const labels = useRevenueLabels(tierNames);
  const periodText = usePeriodText();
  const [ref, width] = useElementWidth<HTMLDivElement>(820);
  const colours = useMemo(() => tierColours(tiers.map((x) => x.id), theme), [tiers, theme]);
  const words = grainWords(t, grain);
  const bucketLabel = (startMs: number) => {
    if (grain === 'day') return fmt.day(startMs);
    if (grain === 'week') return t('weekOf', { day: fmt.day(startMs) });
    const d = new Date(startMs);
    return t('month', { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, month2: String(d.getUTCMonth() + 1).padStart(2, '0') });
  };
  const data = rows.map((r) => {
    const b = bucketDays(r.periodMs, grain, period);
    return { x1: new Date(b.fromMs), x2: new Date(b.toMs), mid: (b.fromMs + b.toMs) / 2, start: r.periodMs, tierId: r.tierId, fen: r.revenueFen, b };
  });
  // One tick per bucket, at its middle, labelled with the bucket; thinned so labels never touch.
  const buckets = [...new Map(data.map((d) => [d.start, d.mid])).entries()].sort((a, b) => a[0] - b[0]);
  const tickLabel = new Map(buckets.map(([start, mid]) => [mid, bucketLabel(start)]));
  const labelPx = Math.max(0, ...[...tickLabel.values()].map((s) => textWidthPx(s)));
  const ticks = thinTicks(buckets.map(([, mid]) => mid), width - 80, labelPx);
  const present = [...new Set(rows.map((r) => r.tierId))].sort((a, b) => a - b);
  const legendIds = [...new Set([...present, ...selectedTierIds])].sort((a, b) => a - b);
  const partialEdges = grain !== 'day' && data.some((d) => d.b.partial);
  const tip = (d: (typeof data)[number]) => [
    labels.tier(d.tierId), bucketLabel(d.start),
    ...(d.b.partial ? [t('tipDays', { from: fmt.day(d.b.fromMs), to: fmt.day(d.b.toMs - DAY_MS) })] : []),
    fmt.money(d.fen),
  ].join('\n');
  const csv = (
    <CsvButton name="revenue-over-time" fileName={csvFileName('revenue-over-time', period)} what={t('chart.overTime', { grain: words.desc })}
      rowCount={rows.length} table={() => overTimeCsv(rows, grain, period, labels)} />
  );
  return (
    <ChartPanel title={t('chart.overTime', { grain: words.desc })} csv={csv}
      subtitle={`${periodText(period)} · ${t('utcDays')}${partialEdges ? ` · ${t('chart.partialEdges', { grain: words.unit })}` : ''}`}>
      <ul className="tier-legend" aria-label={t('chart.legend')} data-testid="tier-legend">
        {legendIds.map((id) => (
          <li key={id}>
            <button type="button" aria-pressed={selectedTierIds.includes(id)} onClick={() => onToggleTier?.(id)} data-testid={`legend-tier-${id}`}>
              <span className="swatch" style={{ background: colours.get(id) }} aria-hidden="true" />{labels.tier(id)}
            </button>
          </li>
        ))}
      </ul>
      <div ref={ref}>
        <PlotFigure testId="chart-revenue-over-time" deps={[rows, grain, period.fromMs, period.toMs, width, colours, fmt, t, labels]}
          decorate={(chart) => tagRects(chart, 'g[aria-label="rect"] rect', data.map((d) => String(d.tierId)))}
          onPick={(k) => onToggleTier?.(Number(k))} spec={() => ({
            width, height: 280, marginLeft: 70, marginBottom: 34,
            x: { type: 'utc', domain: [new Date(period.fromMs), new Date(period.toMs)], ticks: ticks.map((m) => new Date(m)), tickFormat: (d: Date) => tickLabel.get(+d) ?? '', label: null },
            y: { grid: true, label: `↑ ${words.axis}`, ticks: 5, tickFormat: (fen: number) => fmt.moneyShort(fen) },
            marks: [
              Plot.rectY(data, Plot.stackY({
                x1: 'x1', x2: 'x2', y: 'fen', fill: (d: (typeof data)[number]) => colours.get(d.tierId) ?? 'var(--muted)',
                stroke: 'var(--panel)', strokeWidth: 0.75, insetLeft: 0.5, insetRight: 0.5, title: tip, tip: true,
              })),
              Plot.ruleY([0], { stroke: 'var(--line)' }),
            ],
          })} />
      </div>
    </ChartPanel>
  );
}

export interface BarChartProps {
  title: string;
  subtitle: string;
  /** One bar per key, in this order. */
  bars: ReadonlyArray<{ key: string; label: string; value: number }>;
  /** Axis ticks (short) and tooltips (exact). */
  formatTick: (v: number) => string;
  formatExact: (v: number) => string;
  axisLabel: string;
  selected: readonly string[];
  onToggle?: (key: string) => void;
  testId: string;
  csv?: ReactNode;
  toolbar?: ReactNode;
}

/** Horizontal bars, one per key; selected keys stand out, a click toggles the key as a filter. */
export function BarChart({ title, subtitle, bars, formatTick, formatExact, axisLabel, selected, onToggle, testId, csv, toolbar }: BarChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(400);
  const labelMax = 150;
  const shown = new Map(bars.map((b) => [b.key, fitText(b.label, labelMax)]));
  const marginLeft = Math.min(labelMax, Math.max(40, ...bars.map((b) => textWidthPx(shown.get(b.key) ?? '')))) + 12;
  const lit = (key: string) => selected.length === 0 || selected.includes(key);
  const tickPx = Math.max(...[0, ...bars.map((b) => b.value)].map((v) => textWidthPx(formatTick(v))));
  return (
    <ChartPanel title={title} subtitle={subtitle} csv={csv} toolbar={toolbar}>
      <div ref={ref}>
        <PlotFigure testId={testId} deps={[bars, selected, width, formatTick, formatExact, axisLabel]}
          decorate={(chart) => tagRects(chart, 'g[aria-label="bar"] rect', bars.map((b) => b.key))} onPick={onToggle} spec={() => ({
            width, height: Math.max(120, 24 * bars.length + 48), marginLeft, marginRight: 24, marginBottom: 36,
            x: { grid: true, label: `${axisLabel} →`, labelAnchor: 'right', ticks: Math.max(2, Math.floor((width - marginLeft - 24) / (tickPx + 28))), tickFormat: formatTick },
            y: { label: null, domain: bars.map((b) => b.key), tickFormat: (k: string) => shown.get(k) ?? k, tickSize: 0 },
            marks: [
              Plot.barX(bars, {
                y: 'key', x: 'value', fill: 'var(--accent)', fillOpacity: (d: (typeof bars)[number]) => (lit(d.key) ? 1 : 0.35),
                title: (d: (typeof bars)[number]) => `${d.label}\n${formatExact(d.value)}`, tip: true,
              }),
              Plot.ruleX([0], { stroke: 'var(--line)' }),
            ],
          })} />
      </div>
    </ChartPanel>
  );
}

function useChartBasics() {
  const t = useMessages(REVENUE_MESSAGES);
  const { fmt } = useI18n();
  const periodText = usePeriodText();
  const labels = useRevenueLabels(NO_TIERS);
  return { t, fmt, periodText, labels };
}
const NO_TIERS: Readonly<Record<number, string>> = {};

export interface DimensionChartProps<R> {
  rows: readonly R[];
  period: ExplorerPeriod;
  selected: readonly string[];
  onToggle?: (key: string) => void;
}

export function ArpuBySegmentChart({ rows, period, selected, onToggle }: DimensionChartProps<ArpuRow>) {
  const { t, fmt, periodText, labels } = useChartBasics();
  const title = t('chart.arpu');
  return <BarChart title={title} subtitle={`${periodText(period)} · ${t('chart.clickHint')}`} testId="chart-arpu-segment" axisLabel={t('axis.arpu')}
    bars={rows.map((r) => ({ key: r.key, label: labels.segment(r.key), value: r.arpuFen }))} formatTick={fmt.moneyShort} formatExact={fmt.money}
    selected={selected} onToggle={onToggle}
    csv={<CsvButton name="arpu-by-segment" fileName={csvFileName('arpu-by-segment', period)} what={title} rowCount={rows.length} table={() => arpuBySegmentCsv(rows, period, labels)} />} />;
}

export function TopProvincesChart({ rows, period, selected, onToggle }: DimensionChartProps<ProvinceRow>) {
  const { t, fmt, periodText, labels } = useChartBasics();
  const title = t('chart.provinces', { n: rows.length });
  return <BarChart title={title} subtitle={`${periodText(period)} · ${t('chart.clickHint')}`} testId="chart-provinces" axisLabel={t('axis.rmb')}
    bars={rows.map((r) => ({ key: r.province, label: labels.province(r.province), value: r.revenueFen }))} formatTick={fmt.moneyShort} formatExact={fmt.money}
    selected={selected} onToggle={onToggle}
    csv={<CsvButton name="top-provinces" fileName={csvFileName('top-provinces', period)} what={title} rowCount={rows.length} table={() => provincesCsv(rows, period, labels)} />} />;
}

/** The model-mix measures: the row field each shows and whether it is money (fen) or a count of tokens. */
export const MODEL_METRICS: Record<ModelMetricKey, { field: 'grossMarginFen' | 'computeCostFen' | 'revenueFen' | 'tokens'; money: boolean }> = {
  margin: { field: 'grossMarginFen', money: true },
  cost: { field: 'computeCostFen', money: true },
  revenue: { field: 'revenueFen', money: true },
  tokens: { field: 'tokens', money: false },
};

export function ModelMixChart({ rows, period, metric, onMetric, selected, onToggle }: DimensionChartProps<ModelMixRow> & { metric: ModelMetricKey; onMetric?: (m: ModelMetricKey) => void }) {
  const { t, fmt, periodText, labels } = useChartBasics();
  const m = MODEL_METRICS[metric];
  const metricName = (k: ModelMetricKey) => t(`metric.${k}`);
  const title = t('chart.models', { metric: metricName(metric) });
  const toolbar = (
    <div className="seg-buttons" role="group" aria-label={t('metricGroup')} data-testid="model-metric">
      {(Object.keys(MODEL_METRICS) as ModelMetricKey[]).map((k) => (
        <button key={k} type="button" aria-pressed={k === metric} onClick={() => onMetric?.(k)} data-testid={`model-metric-${k}`}>{metricName(k)}</button>
      ))}
    </div>
  );
  return <BarChart title={title} subtitle={`${periodText(period)} · ${t('chart.clickHint')}`} testId="chart-model-mix" toolbar={toolbar}
    axisLabel={m.money ? t('axis.rmb') : t('axis.tokens')}
    bars={rows.map((r) => ({ key: r.model, label: labels.model(r.model), value: r[m.field] })).sort((a, b) => b.value - a.value)}
    formatTick={m.money ? fmt.moneyShort : fmt.compact} formatExact={m.money ? fmt.money : fmt.count}
    selected={selected} onToggle={onToggle}
    csv={<CsvButton name="model-mix" fileName={csvFileName('model-mix', period)} what={t('chart.models', { metric: '' })} rowCount={rows.length} table={() => modelMixCsv(rows, period, labels)} />} />;
}

