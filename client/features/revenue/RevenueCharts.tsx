// Linked Observable Plot charts of the revenue explorer; clicking a bar toggles that value as a filter.
import * as Plot from '@observablehq/plot';
import type { ArpuRow, ModelMixRow, ProvinceRow, RevenueOverTimeRow, TimeGrain } from './revenueQueries.js';
import { formatFen, formatFenShort } from '../../../domain/money/formatMoney.js';
import { formatTokens } from '../../ui/formatNumbers.js';
import { PlotFigure } from '../../ui/PlotFigure.js';
import { CsvButton } from './CsvButton.js';

const TIER_SCHEME = 'tableau10';

function tagBars(svg: Element, keys: readonly string[]): void {
  // Plot renders one <rect> per datum in data order inside the mark's group.
  const rects = svg.querySelectorAll('g[aria-label="bar"] rect');
  rects.forEach((r, i) => { const k = keys[i]; if (k !== undefined) { r.setAttribute('data-key', k); (r as SVGElement).style.cursor = 'pointer'; } });
}

export interface RevenueOverTimeChartProps {
  rows: readonly RevenueOverTimeRow[];
  tierNames: Readonly<Record<number, string>>;
  grain: TimeGrain;
  selectedTierIds: readonly number[];
  onToggleTier?: (tierId: number) => void;
  width?: number;
}

const GRAIN_MS: Record<TimeGrain, number> = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 };

export function RevenueOverTimeChart({ rows, tierNames, grain, selectedTierIds, onToggleTier, width = 820 }: RevenueOverTimeChartProps) {
  const data = rows.map((r) => ({ period: new Date(r.periodMs), end: new Date(r.periodMs + GRAIN_MS[grain]), tier: tierNames[r.tierId] ?? `tier ${r.tierId}`, tierId: r.tierId, revenue: r.revenueFen / 100, revenueFen: r.revenueFen }));
  /** Tags each stacked rect with its tier id (read back from the tier name atop its title). */
  const tagTiers = (chart: Element) => chart.querySelectorAll('rect').forEach((r) => {
    const title = r.querySelector('title')?.textContent ?? '';
    const tierName = title.split('\n')[0];
    const id = Object.entries(tierNames).find(([, n]) => n === tierName)?.[0];
    if (id !== undefined) { r.setAttribute('data-key', id); (r as SVGElement).style.cursor = 'pointer'; }
  });
  return (
    <section className="panel chart">
      <h2>Revenue over time by tier <CsvButton name="revenue-over-time" rows={rows} /></h2>
      {selectedTierIds.length > 0 && <p className="muted small">tiers: {selectedTierIds.map((t) => tierNames[t] ?? t).join(', ')}</p>}
      <PlotFigure testId="chart-revenue-over-time" deps={[rows, tierNames, grain, width]} decorate={tagTiers} onPick={(k) => onToggleTier?.(Number(k))} spec={() => ({
        width, height: 280, marginLeft: 64,
        x: { type: 'utc', label: null },
        y: { grid: true, label: 'revenue (RMB)', tickFormat: '~s' },
        color: { legend: true, scheme: TIER_SCHEME, domain: Object.values(tierNames) },
        marks: [
          Plot.rectY(data, Plot.stackY({ x1: 'period', x2: 'end', y: 'revenue', fill: 'tier', inset: 0.5, title: (d: (typeof data)[number]) => `${d.tier}\n${d.period.toISOString().slice(0, 10)}\n${formatFen(d.revenueFen)}` })),
          Plot.ruleY([0], { stroke: '#243040' }),
        ],
      })} />
    </section>
  );
}

export interface BarChartProps<R> {
  title: string;
  csvName: string;
  rows: readonly R[];
  keyOf: (r: R) => string;
  labelOf?: (r: R) => string;
  valueOf: (r: R) => number;
  format: (v: number) => string;
  selected: readonly string[];
  onToggle?: (key: string) => void;
  testId: string;
  width?: number;
}

/** Horizontal bars, one per key; selected keys highlighted, a click toggles the key as a filter. */
export function BarChart<R extends Record<string, string | number | null>>({ title, csvName, rows, keyOf, labelOf, valueOf, format, selected, onToggle, testId, width = 400 }: BarChartProps<R>) {
  const data = rows.map((r) => ({ key: keyOf(r), label: (labelOf ?? keyOf)(r), value: valueOf(r) }));
  return (
    <section className="panel chart">
      <h2>{title} <CsvButton name={csvName} rows={rows} /></h2>
      <PlotFigure testId={testId} deps={[rows, selected, width]} decorate={(chart) => tagBars(chart, data.map((d) => d.key))} onPick={onToggle} spec={() => ({
        width, height: Math.max(120, 26 * data.length + 40), marginLeft: 120,
        x: { grid: true, label: null, tickFormat: (v: number) => format(v) },
        y: { label: null, domain: data.map((d) => d.label) },
        marks: [
          Plot.barX(data, { y: 'label', x: 'value', fill: (d: (typeof data)[number]) => (selected.length === 0 || selected.includes(d.key) ? '#4cc2ff' : '#3a4656'), title: (d: (typeof data)[number]) => `${d.label}: ${format(d.value)}` }),
          Plot.ruleX([0], { stroke: '#243040' }),
        ],
      })} />
    </section>
  );
}

export function ArpuBySegmentChart(p: { rows: readonly ArpuRow[]; selected: readonly string[]; onToggle?: (segment: string) => void }) {
  return <BarChart title="ARPU by segment" csvName="arpu-by-segment" testId="chart-arpu-segment" rows={p.rows} keyOf={(r) => r.key}
    valueOf={(r) => r.arpuFen} format={formatFenShort} selected={p.selected} onToggle={p.onToggle} />;
}

export function TopProvincesChart(p: { rows: readonly ProvinceRow[]; selected: readonly string[]; onToggle?: (province: string) => void }) {
  return <BarChart title="Top provinces by revenue" csvName="top-provinces" testId="chart-provinces" rows={p.rows} keyOf={(r) => r.province}
    labelOf={(r) => `${r.province}`} valueOf={(r) => r.revenueFen} format={formatFenShort} selected={p.selected} onToggle={p.onToggle} />;
}

export type ModelMetric = 'tokens' | 'computeCostFen' | 'grossMarginFen' | 'revenueFen';
export const MODEL_METRICS: Record<ModelMetric, { label: string; format: (v: number) => string }> = {
  tokens: { label: 'tokens', format: formatTokens },
  computeCostFen: { label: 'compute cost', format: formatFenShort },
  revenueFen: { label: 'revenue', format: formatFenShort },
  grossMarginFen: { label: 'gross margin', format: formatFenShort },
};

export function ModelMixChart(p: { rows: readonly ModelMixRow[]; metric: ModelMetric; onMetric?: (m: ModelMetric) => void; selected: readonly string[]; onToggle?: (model: string) => void }) {
  const m = MODEL_METRICS[p.metric];
  return (
    <div>
      <div className="seg-buttons" role="group" aria-label="model mix metric">
        {(Object.keys(MODEL_METRICS) as ModelMetric[]).map((k) => (
          <button key={k} type="button" aria-pressed={k === p.metric} onClick={() => p.onMetric?.(k)}>{MODEL_METRICS[k].label}</button>
        ))}
      </div>
      <BarChart title={`Model mix · ${m.label}`} csvName="model-mix" testId="chart-model-mix" rows={p.rows} keyOf={(r) => r.model}
        valueOf={(r) => r[p.metric]} format={m.format} selected={p.selected} onToggle={p.onToggle} />
    </div>
  );
}
