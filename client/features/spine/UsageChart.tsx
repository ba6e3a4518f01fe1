// Token usage (tokens_in + tokens_out) per hour over the window, drawn with Observable Plot.
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../ui/PlotFigure.js';

export interface HourlyTokens {
  hourMs: number;
  tokens: number;
}

export interface UsageChartProps {
  series: readonly HourlyTokens[];
  width?: number;
  height?: number;
}

export function UsageChart({ series, width = 860, height = 260 }: UsageChartProps) {
  return (
    <section className="panel chart">
      <h2>Token usage per hour</h2>
      <PlotFigure testId="usage-chart" deps={[series, width, height]} spec={() => {
        const data = series.map((d) => ({ hour: new Date(d.hourMs), tokens: d.tokens }));
        return {
          width, height, marginLeft: 64,
          x: { type: 'utc', label: null },
          y: { grid: true, label: 'tokens', tickFormat: '~s' },
          marks: [
            Plot.rectY(data, { x1: 'hour', x2: (d: { hour: Date }) => new Date(d.hour.getTime() + 3_600_000), y: 'tokens', fill: '#4cc2ff', fillOpacity: 0.75, inset: 0.5 }),
            Plot.ruleY([0], { stroke: '#243040' }),
            Plot.tip(data, Plot.pointerX({ x: 'hour', y: 'tokens' })),
          ],
        };
      }} />
    </section>
  );
}
