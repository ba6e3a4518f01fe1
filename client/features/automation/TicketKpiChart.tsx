// Latency of a ticket's sites against their seasonal baseline and the SLA, with the ticket's transitions (and approval) marked.
import * as Plot from '@observablehq/plot';
import type { TicketEvent, TicketSeries } from '../../../schema/automation.js';
import { PlotFigure } from '../../ui/PlotFigure.js';

export interface TicketKpiChartProps { series: TicketSeries; events: readonly TicketEvent[]; width?: number; height?: number }

export interface ChartMark { t: Date; label: string; anchor: 'start' | 'middle' | 'end'; row: number }

/** Vertical offsets of the label rows from the SLA line: above it first, then below. */
export const LABEL_ROW_DY = [-8, 14, 26] as const;
const CHAR_PX = 5.6;

/**
 * The transitions, breach and approval to mark: events within 3 % of the chart's span share one label ("breach ·
 * approved · acting"); labels near an edge grow inward; a label that would overlap one already placed (estimated at
 * CHAR_PX per character over plotWidthPx) goes to the next row, so labels never print over each other.
 */
export function chartMarks(events: readonly TicketEvent[], fromMs: number, toMs: number, plotWidthPx = 700): ChartMark[] {
  const span = Math.max(toMs - fromMs, 1);
  const groups: { atMs: number; labels: string[] }[] = [];
  for (const e of events) {
    if (e.kind !== 'transition' && e.kind !== 'breach' && e.kind !== 'approval') continue;
    const label = e.kind === 'approval' ? 'approved' : e.toState ?? e.kind;
    const last = groups[groups.length - 1];
    if (last && e.atMs - last.atMs <= span * 0.03) last.labels.push(label); else groups.push({ atMs: e.atMs, labels: [label] });
  }
  const placed: { row: number; x0: number; x1: number }[] = [];
  return groups.map((g) => {
    const at = (g.atMs - fromMs) / span;
    const label = g.labels.join(' · ');
    const anchor = at < 0.15 ? 'start' : at > 0.85 ? 'end' : 'middle';
    const x = at * plotWidthPx, w = label.length * CHAR_PX + 6;
    const [x0, x1] = anchor === 'start' ? [x, x + w] : anchor === 'end' ? [x - w, x] : [x - w / 2, x + w / 2];
    let row = 0;
    while (row < LABEL_ROW_DY.length - 1 && placed.some((p) => p.row === row && p.x0 < x1 && x0 < p.x1)) row++;
    placed.push({ row, x0, x1 });
    return { t: new Date(g.atMs), label, anchor, row };
  });
}

export function TicketKpiChart({ series, events, width = 760, height = 240 }: TicketKpiChartProps) {
  return <PlotFigure testId="ticket-kpi-chart" className="ticket-chart" deps={[series, events, width, height]} spec={() => {
    const pts = series.points.map((p) => ({ t: new Date(p.ts), site: `site ${p.siteId}`, latency: p.latencyMs, baseline: p.baselineMs }));
    const ts = series.points.map((p) => p.ts);
    const marks = chartMarks(events, ts.length ? Math.min(...ts) : 0, ts.length ? Math.max(...ts) : 0, width - 64);
    return {
      width, height, marginLeft: 44,
      x: { type: 'utc', label: null },
      y: { grid: true, label: 'latency ms', zero: true },
      color: { legend: pts.length > 0 && new Set(pts.map((p) => p.site)).size > 1 },
      marks: [
        Plot.ruleY([series.slaMs], { stroke: '#ff5c5c', strokeDasharray: '4,3' }),
        Plot.line(pts.filter((p) => p.baseline !== null), { x: 't', y: 'baseline', z: 'site', stroke: '#6b7b8f', strokeDasharray: '2,2' }),
        Plot.line(pts, { x: 't', y: 'latency', stroke: 'site' }),
        Plot.ruleX(marks, { x: 't', stroke: '#ffd166', strokeOpacity: 0.7 }),
        // (text-anchor and dy are not channels in Plot: one text mark per anchor and row)
        ...(['start', 'middle', 'end'] as const).flatMap((a) => LABEL_ROW_DY.map((dy, row) => Plot.text(marks.filter((m) => m.anchor === a && m.row === row),
          { x: 't', y: series.slaMs, text: 'label', textAnchor: a, dy, fill: '#ffd166', rotate: 0, fontSize: 10 }))),
        Plot.tip(pts, Plot.pointerX({ x: 't', y: 'latency', title: (d: { site: string; latency: number }) => `${d.site}: ${d.latency} ms` })),
      ],
    };
  }} />;
}
