// Latency of a ticket's sites against their seasonal baseline and the SLA, with the ticket's transitions, breach and
// approval marked in the status vocabulary's colours (labels above the plot, never over each other or the data).
import * as Plot from '@observablehq/plot';
import type { TicketEvent, TicketSeries, TicketState } from '../../../schema/automation.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { PlotFigure } from '../../ui/PlotFigure.js';
import { useElementWidth } from '../../ui/useElementWidth.js';
import { Loaded, type Loadable } from '../../ui/ViewState.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { StatusDot } from './StatusBadge.js';
import { TICKET_STATE_TONE, TONE_COLOR, useVocabulary } from './ticketVocabulary.js';
import './automation.css';

export interface TicketChartData { series: TicketSeries; events: readonly TicketEvent[] }

export interface TicketKpiChartProps {
  state: Loadable<TicketChartData>;
  /** Fixed width (stories); otherwise the chart takes its container's width. */
  width?: number;
  height?: number;
  onRetry?: () => void;
}

/** What a mark on the time axis is: a transition to a state, the first SLA breach, or an approval. */
export type MarkKind = TicketState | 'breach' | 'approved';
export interface ChartMark { t: Date; label: string; anchor: 'start' | 'middle' | 'end'; row: number | null; kind: MarkKind }

/** Rows of labels above the plot; a label that fits in none is left out (its line and the legend still tell). */
export const LABEL_ROWS = 3;
const LABEL_FONT_PX = 10;
const ROW_PX = 12;

/** Rough width of a label at 10 px: CJK characters are about square, Latin ones a little over half as wide. */
export function estimateLabelPx(label: string, fontPx = LABEL_FONT_PX): number {
  let w = 0;
  for (const ch of label) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? fontPx : fontPx * 0.56;
  return w;
}

export const MARK_COLOR = (k: MarkKind): string => TONE_COLOR[k === 'breach' ? 'bad' : k === 'approved' ? 'ok' : TICKET_STATE_TONE[k]];

/**
 * The transitions, breach and approval to mark: events within 3 % of the chart's span share one label ("breach ·
 * approved · acting", coloured by the last); labels near an edge grow inward; a label that would overlap one already
 * placed goes to the next row, and is left out when no row has room.
 */
export function chartMarks(events: readonly TicketEvent[], fromMs: number, toMs: number, plotWidthPx = 700, labelOf: (k: MarkKind) => string = (k) => k): ChartMark[] {
  const span = Math.max(toMs - fromMs, 1);
  const groups: { atMs: number; kinds: MarkKind[] }[] = [];
  for (const e of events) {
    if (e.kind !== 'transition' && e.kind !== 'breach' && e.kind !== 'approval') continue;
    const kind: MarkKind | null = e.kind === 'approval' ? 'approved' : e.kind === 'breach' ? 'breach' : e.toState;
    if (kind === null) continue;
    const last = groups[groups.length - 1];
    if (last && e.atMs - last.atMs <= span * 0.03) last.kinds.push(kind); else groups.push({ atMs: e.atMs, kinds: [kind] });
  }
  const placed: { row: number; x0: number; x1: number }[] = [];
  return groups.map((g) => {
    const at = (g.atMs - fromMs) / span;
    const label = g.kinds.map(labelOf).join(' · ');
    const anchor = at < 0.15 ? 'start' : at > 0.85 ? 'end' : 'middle';
    const x = at * plotWidthPx, w = estimateLabelPx(label) + 6;
    const [x0, x1] = anchor === 'start' ? [x, x + w] : anchor === 'end' ? [x - w, x] : [x - w / 2, x + w / 2];
    let row: number | null = 0;
    while (row !== null && placed.some((p) => p.row === row && p.x0 < x1 && x0 < p.x1)) row = row + 1 < LABEL_ROWS ? row + 1 : null;
    if (row !== null) placed.push({ row, x0, x1 });
    return { t: new Date(g.atMs), label, anchor, row, kind: g.kinds[g.kinds.length - 1]! };
  });
}

/** Distinct colours for the sites of a node ticket, all from theme variables (none of them a state's colour). */
export const SITE_COLORS = [
  'var(--accent)', 'color-mix(in srgb, var(--accent) 45%, var(--bad))', 'var(--text)',
  'color-mix(in srgb, var(--ok) 55%, var(--text))', 'color-mix(in srgb, var(--warn) 55%, var(--text))', 'color-mix(in srgb, var(--accent) 50%, var(--muted))',
] as const;

/** The chart is one image to assistive tech (its label and the legend below say what it shows): Plot's per-mark labels go. */
function asOneImage(chart: SVGSVGElement | HTMLElement): void {
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
  svg?.setAttribute('role', 'img');
  chart.querySelectorAll('g[aria-label]').forEach((g) => g.removeAttribute('aria-label'));
}

const MARGIN = { left: 56, right: 16, top: 10 + LABEL_ROWS * ROW_PX, bottom: 38 };

function Chart({ data, width, height }: { data: TicketChartData; width: number; height: number }) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const { fmt, locale } = useI18n();
  const vocab = useVocabulary();
  const { series, events } = data;
  const siteIds = [...new Set(series.points.map((p) => p.siteId))];
  const siteName = (id: number) => t('chart.site', { id });
  const ts = series.points.map((p) => p.ts);
  const fromMs = Math.min(...ts), toMs = Math.max(...ts);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const labelOf = (k: MarkKind) => (k === 'breach' ? t('chart.breach') : k === 'approved' ? t('chart.approved') : vocab.state(k).label);
  const marks = chartMarks(events, fromMs, toMs, plotWidth, labelOf);
  const kinds = [...new Set(marks.map((m) => m.kind))];
  const daySpan = toMs - fromMs > 20 * 3_600_000;
  return (
    <figure className="ticket-chart-figure">
      <PlotFigure testId="ticket-kpi-chart" className="ticket-chart" deps={[series, events, width, height, locale, fmt]} decorate={asOneImage} spec={() => {
        const pts = series.points.map((p) => ({ t: new Date(p.ts), ts: p.ts, site: siteName(p.siteId), latency: p.latencyMs, baseline: p.baselineMs }));
        return {
          width, height, marginLeft: MARGIN.left, marginRight: MARGIN.right, marginTop: MARGIN.top, marginBottom: MARGIN.bottom,
          ariaLabel: t('chart.label'),
          x: { type: 'utc', label: t('chart.time', { tz: fmt.timeZone }), labelArrow: 'none', ticks: Math.max(2, Math.floor(plotWidth / 95)), tickFormat: (d: Date) => (daySpan ? fmt.dateTime(+d) : fmt.time(+d)) },
          y: { grid: true, label: t('chart.latency'), labelAnchor: 'center', labelArrow: 'none', zero: true, ticks: 5 },
          color: { domain: siteIds.map(siteName), range: siteIds.map((_, i) => SITE_COLORS[i % SITE_COLORS.length]!) },
          marks: [
            Plot.ruleY([series.slaMs], { stroke: TONE_COLOR.bad, strokeDasharray: '5,3', strokeWidth: 1.5 }),
            Plot.line(pts.filter((p) => p.baseline !== null), { x: 't', y: 'baseline', z: 'site', stroke: TONE_COLOR.muted, strokeDasharray: '2,2' }),
            Plot.line(pts, { x: 't', y: 'latency', stroke: 'site', strokeWidth: 1.6 }),
            ...kinds.map((k) => Plot.ruleX(marks.filter((m) => m.kind === k), { x: 't', stroke: MARK_COLOR(k), strokeWidth: 1.5, strokeOpacity: 0.9 })),
            // Labels sit in the top margin, one text mark per anchor, row and colour (text-anchor and dy are not channels).
            ...kinds.flatMap((k) => (['start', 'middle', 'end'] as const).flatMap((a) => Array.from({ length: LABEL_ROWS }, (_, row) => Plot.text(
              marks.filter((m) => m.kind === k && m.anchor === a && m.row === row),
              { x: 't', frameAnchor: 'top', text: 'label', textAnchor: a, lineAnchor: 'bottom', dy: -4 - row * ROW_PX, fill: MARK_COLOR(k), fontSize: LABEL_FONT_PX, fontWeight: 600 },
            )))),
            Plot.tip(pts, Plot.pointerX({ x: 't', y: 'latency', title: (d: { site: string; ts: number; latency: number }) => t('chart.tip', { site: d.site, time: fmt.dateTime(d.ts), ms: fmt.decimal(d.latency, 1) }) })),
          ],
        };
      }} />
      <figcaption className="chart-legend" data-testid="ticket-chart-legend">
        {siteIds.map((id, i) => <span key={id}><span className="swatch line" style={{ borderColor: SITE_COLORS[i % SITE_COLORS.length] }} />{t('chart.siteLatency', { id })}</span>)}
        <span><span className="swatch line dotted" style={{ borderColor: TONE_COLOR.muted }} />{t('chart.baseline')}</span>
        <span><span className="swatch line dashed" style={{ borderColor: TONE_COLOR.bad }} />{t('chart.sla', { ms: fmt.count(series.slaMs) })}</span>
        {kinds.length > 0 && <span className="legend-events">{t('chart.events')}
          {kinds.map((k) => <span key={k}><StatusDot color={MARK_COLOR(k)} />{labelOf(k)}</span>)}
        </span>}
      </figcaption>
    </figure>
  );
}

export function TicketKpiChart({ state, width, height = 260, onRetry }: TicketKpiChartProps) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const [ref, measured] = useElementWidth<HTMLDivElement>(760);
  // A given width (stories) wins; a measured one stays within what the labels and ticks need.
  const w = width ?? Math.max(320, Math.min(1100, measured));
  return (
    <div className="ticket-chart-box" ref={ref}>
      <Loaded state={state} what={t('chart.what')} onRetry={onRetry} isEmpty={(v) => v.series.points.length === 0} empty={t('chart.empty')}>
        {(v) => <Chart data={v} width={w} height={height} />}
      </Loaded>
    </div>
  );
}
