// Latency of a ticket's sites against their seasonal baseline and the SLA, with the ticket's transitions marked.
import * as Plot from '@observablehq/plot';
import type { TicketEvent, TicketSeries } from '../../../schema/automation.js';
import { PlotFigure } from '../../ui/PlotFigure.js';

export interface TicketKpiChartProps { series: TicketSeries; events: readonly TicketEvent[]; width?: number; height?: number }

export function TicketKpiChart({ series, events, width = 760, height = 240 }: TicketKpiChartProps) {
  return <PlotFigure testId="ticket-kpi-chart" className="ticket-chart" deps={[series, events, width, height]} spec={() => {
    const pts = series.points.map((p) => ({ t: new Date(p.ts), site: `site ${p.siteId}`, latency: p.latencyMs, baseline: p.baselineMs }));
    const marks = events.filter((e) => e.kind === 'transition' || e.kind === 'breach').map((e) => ({ t: new Date(e.atMs), label: e.toState ?? e.kind }));
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
        Plot.text(marks, { x: 't', y: series.slaMs, text: 'label', dy: -8, fill: '#ffd166', rotate: 0, fontSize: 10 }),
        Plot.tip(pts, Plot.pointerX({ x: 't', y: 'latency', title: (d: { site: string; latency: number }) => `${d.site}: ${d.latency} ms` })),
      ],
    };
  }} />;
}
