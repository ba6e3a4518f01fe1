// Token usage (tokens_in + tokens_out) per hour over the window, drawn with Observable Plot: hours in the operator's zone,
// compact token counts, theme colours; loading, empty, error and stale states instead of an empty or NaN axis; the server's
// first-paint series (shown until the browser's DuckDB answers) is labelled as such.
import * as Plot from '@observablehq/plot';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { PlotFigure } from '../../ui/PlotFigure.js';
import { useTheme, type Theme } from '../../ui/ThemeProvider.js';
import { TIME_MARK, TimeInText } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { SPINE_MESSAGES } from './spineMessages.js';

export interface HourlyTokens {
  hourMs: number;
  tokens: number;
}

/** Where the shown series comes from: the browser's DuckDB (live) or the server's first-paint answer. */
export type UsageSource = 'browser' | 'server';

export interface UsageChartProps {
  series: Loadable<readonly HourlyTokens[]>;
  /** Default 'browser'; 'server': the precomputed series shown until the browser's DuckDB answers. */
  source?: UsageSource | null;
  width?: number;
  height?: number;
  onRetry?: () => void;
}

/** Bar and axis-rule colours per theme (Plot fills are SVG attributes: literal colours, 3:1 against the panel). */
const PALETTE: Record<Theme, { bar: string; rule: string }> = {
  dark: { bar: '#4cc2ff', rule: '#8d9aab' },
  light: { bar: '#0a62b8', rule: '#56636f' },
};

const HOUR_MS = 3_600_000;


function Chart({ series, width, height }: { series: readonly HourlyTokens[]; width: number; height: number }) {
  const { fmt, timeZone } = useI18n();
  const t = useMessages(SPINE_MESSAGES);
  const { theme } = useTheme();
  const colors = PALETTE[theme];
  return (
    <PlotFigure testId="usage-chart" deps={[series, width, height, fmt, theme]} spec={() => {
      const data = series.map((d) => ({ hour: new Date(d.hourMs), end: new Date(d.hourMs + HOUR_MS), tokens: d.tokens }));
      return {
        width, height, marginLeft: 56, marginBottom: 34,
        x: { type: 'utc', label: t('hourAxis', { tz: timeZone }), labelAnchor: 'right', ticks: 8, tickFormat: (d: Date) => fmt.time(+d) },
        y: { grid: true, label: t('usageAxis'), tickFormat: (n: number) => fmt.compact(n), ticks: 5 },
        marks: [
          Plot.rectY(data, { x1: 'hour', x2: 'end', y: 'tokens', fill: colors.bar, fillOpacity: 0.85, inset: 0.5 }),
          Plot.ruleY([0], { stroke: colors.rule }),
          Plot.tip(data, Plot.pointerX({
            x: 'hour', y: 'tokens',
            title: (d: { hour: Date; tokens: number }) => t('usageTip', { hour: fmt.dateTime(+d.hour), tokens: fmt.compact(d.tokens) }),
          })),
        ],
      };
    }} />
  );
}

export function UsageChart({ series, source, width = 860, height = 260, onRetry }: UsageChartProps) {
  const t = useMessages(SPINE_MESSAGES);
  const fromServer = source === 'server';
  return (
    <section className="panel chart spine-usage" aria-labelledby="usage-title" data-testid="usage-panel" data-source={series.kind === 'ready' ? source ?? 'browser' : undefined}>
      <h2 id="usage-title">{t('usageTitle')} {series.kind === 'ready' && (fromServer
        ? <span className="as-of" data-testid="usage-first-paint" data-ms={series.asOfMs ?? undefined}><TimeInText text={t('usageFromServer', { time: TIME_MARK })} ms={series.asOfMs} /></span>
        : <AsOf ms={series.asOfMs} testId="usage-as-of" />)}</h2>
      <Loaded state={series} what={t('usageWhat')} onRetry={onRetry} isEmpty={(s) => s.length === 0} empty={t(fromServer ? 'usageEmptyServer' : 'usageEmpty')}>
        {(s) => <Chart series={s} width={width} height={height} />}
      </Loaded>
    </section>
  );
}
