// Drill-down for one site: its status and the figure that decided it, assurance per service class, KPI charts with
// SLA lines (tagged with the window they show), open alarms, tickets, accounts; Escape or × closes it.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import type { Formatters } from '../../i18n/formatters.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { PlotFigure } from '../../ui/PlotFigure.js';
import { useTheme } from '../../ui/ThemeProvider.js';
import type { Theme } from '../../ui/ThemeProvider.js';
import { Time } from '../../ui/Time.js';
import { EmptyState, ErrorState, LoadingState, StaleNotice, type Loadable } from '../../ui/ViewState.js';
import { proRateMonthlyFen } from '../../../domain/assurance/creditProration.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { ms1, pct3, statusWords, type NocT } from './nocFormat.js';
import { requestKey } from './nocRequest.js';
import { niceMax, slaLabelPlacement } from './slaLabels.js';
import { STATUS_RGB, rgbCss } from './siteStatusStyle.js';
import type { SitePoint } from './siteMapModel.js';
import type { SiteSeriesPoint, TicketSummary } from './nocTypes.js';
import type { TaggedSiteDetail } from './useSiteDetail.js';
import './noc.css';

export interface SiteDrillDownProps {
  siteId: number;
  /** The site as the map has it: loading until the first snapshot, null when no such site is in the data. */
  site: Loadable<SitePoint | null>;
  /** The window the site's assurance covers (its credits are pro-rated to it). */
  assuranceWindow: AssuranceWindow | null;
  detail: Loadable<TaggedSiteDetail>;
  /** The site is not in the current filter's selection. */
  outsideFilter?: boolean;
  /** Tickets from the tickets API (issue 5); null when not available ("no ticket data"), undefined while loading. */
  tickets: readonly TicketSummary[] | null | undefined;
  tierNames: ReadonlyMap<number, string>;
  onClose?: () => void;
  /** Changes each time the user opens a site: the panel scrolls into view and takes the focus. */
  focusToken?: number;
}

type SeriesKey = 'latencyMs' | 'jitterMs' | 'lossPct' | 'ulMbps' | 'dlMbps';
interface ChartSpec { key: SeriesKey; label: string; color: string; unit: string; rules: Array<{ y: number; label: string }> }

const SERIES_COLORS: Readonly<Record<Theme, Readonly<Record<SeriesKey, string>>>> = {
  dark: { latencyMs: '#4cc2ff', jitterMs: '#b48cff', lossPct: '#ffb020', ulMbps: '#3ddc84', dlMbps: '#7fd4ff' },
  light: { latencyMs: '#0a62b8', jitterMs: '#6d3fc0', lossPct: '#a85b00', ulMbps: '#13803b', dlMbps: '#0f6f8c' },
};

/** Rough width of a 10 px label: CJK characters are about a full em, Latin about half. */
function textWidthPx(s: string): number {
  return [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 10 : 5.8), 0);
}


const CHART = { width: 420, height: 130, marginTop: 18, marginBottom: 24 } as const;

function KpiChart({ series, spec, fromMs, toMs, fmt, ruleColor }: { series: readonly SiteSeriesPoint[]; spec: ChartSpec; fromMs: number; toMs: number; fmt: Formatters; ruleColor: string }) {
  return <PlotFigure testId={`drill-chart-${spec.key}`} className="noc-chart" deps={[series, spec, fromMs, toMs, fmt, ruleColor]} spec={() => {
    const data = series.map((d) => ({ t: new Date(d.tsMs), v: d[spec.key] }));
    // KPIs are non-negative: a 0-based axis we size ourselves, so the SLA labels can be placed in pixels without overlap.
    const yMax = niceMax(Math.max(0, ...data.map((d) => d.v), ...spec.rules.map((r) => r.y)));
    const inner = CHART.height - CHART.marginTop - CHART.marginBottom;
    const labels = slaLabelPlacement(spec.rules.map((r) => r.y), (y) => spec.rules.find((r) => r.y === y)?.label ?? '', yMax, inner);
    const span = toMs - fromMs;
    const tick = (d: Date) => (span > 26 * 3_600_000 ? fmt.date(+d).replace(/^\d{4}[-年]/, '') : fmt.time(+d));
    return {
      ...CHART, ariaLabel: spec.label, marginLeft: 46, marginRight: labels.length ? Math.max(...labels.map((l) => textWidthPx(l.text))) + 10 : 20,
      style: { fontSize: '10px' },
      x: { type: 'utc', domain: [new Date(fromMs), new Date(toMs)], label: null, ticks: 4, tickFormat: tick },
      y: { grid: true, label: spec.label, domain: [0, yMax], ticks: 4 },
      marks: [
        Plot.lineY(data, { x: 't', y: 'v', stroke: spec.color, strokeWidth: 1.3 }),
        ...labels.map((l) => Plot.ruleY([l.y], { stroke: ruleColor, strokeDasharray: '4,3' })),
        Plot.text(labels, { x: () => new Date(toMs), y: 'labelY', text: 'text', dx: 4, textAnchor: 'start', fill: ruleColor, clip: false }),
        Plot.tip(data, Plot.pointerX({ x: 't', y: 'v', title: (d: { t: Date; v: number }) => `${fmt.dateTime(+d.t)}\n${spec.label}: ${fmt.decimal(d.v, 2)}` })),
      ],
    };
  }} />;
}

function Charts({ detail, site, t, fmt, theme }: { detail: TaggedSiteDetail; site: SitePoint; t: NocT; fmt: Formatters; theme: Theme }) {
  const a = site.assurance;
  const latencyRules = [...new Set(a?.classes.map((c) => c.latencySlaMs) ?? [])].map((y) => ({ y, label: t('chart.sla', { v: fmt.decimal(y, 0) }) }));
  const uplinkRules = [...new Set(a?.classes.flatMap((c) => (c.uplinkSlaMbps === null ? [] : [c.uplinkSlaMbps])) ?? [])].map((y) => ({ y, label: t('chart.ulSla', { v: fmt.decimal(y, 0) }) }));
  const colors = SERIES_COLORS[theme];
  const specs: ChartSpec[] = [
    { key: 'latencyMs', label: t('chart.latency'), unit: 'ms', color: colors.latencyMs, rules: latencyRules },
    { key: 'jitterMs', label: t('chart.jitter'), unit: 'ms', color: colors.jitterMs, rules: [] },
    { key: 'lossPct', label: t('chart.loss'), unit: '%', color: colors.lossPct, rules: [] },
    { key: 'ulMbps', label: t('chart.ul'), unit: 'Mbps', color: colors.ulMbps, rules: uplinkRules },
    { key: 'dlMbps', label: t('chart.dl'), unit: 'Mbps', color: colors.dlMbps, rules: [] },
  ];
  if (!detail.series.length) return <EmptyState>{t('drill.noSeries')}</EmptyState>;
  const rule = rgbCss(STATUS_RGB[theme].breaching);
  return <div className="noc-charts">{specs.map((s) => <KpiChart key={s.key} series={detail.series} spec={s} fromMs={detail.window.fromMs} toMs={detail.window.toMs} fmt={fmt} ruleColor={rule} />)}</div>;
}

/** Alarms and accounts still coming from the server (the series is already drawn), or why they did not. */
function ListsState({ lists, what }: { lists: Exclude<TaggedSiteDetail['lists'], 'ready' | undefined>; what: string }) {
  return lists === 'loading' ? <LoadingState compact what={what} /> : <ErrorState error={lists.error} />;
}

function severityWord(t: NocT, s: string): string {
  return s === 'critical' || s === 'major' || s === 'minor' || s === 'warning' ? t(`sev.${s}`) : s;
}

export function SiteDrillDown({ siteId, site: siteState, assuranceWindow, detail, outsideFilter = false, tickets, tierNames, onClose, focusToken }: SiteDrillDownProps) {
  const t = useMessages(NOC_MESSAGES);
  const { t: common, fmt } = useI18n();
  const places = usePlaceNames();
  const { theme } = useTheme();
  const ref = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Opened by a click on the map or the list: bring the panel into view and move the focus to it.
  useEffect(() => {
    if (focusToken === undefined || focusToken === 0) return;
    ref.current?.scrollIntoView({ block: 'start' });
    headingRef.current?.focus({ preventScroll: true });
  }, [focusToken]);

  const onKeyDown = (e: KeyboardEvent) => { if (e.key === 'Escape' && onClose) { e.preventDefault(); onClose(); } };
  const site = siteState.kind === 'ready' ? siteState.value : null;
  const a = site?.assurance ?? null;
  const w = detail.kind === 'ready' ? detail.value : null;
  const lists = w?.lists ?? 'ready';
  const words = site ? statusWords(site.status, t, fmt) : null;

  return (
    <section ref={ref} className="panel noc-drill" data-testid="site-drilldown" data-site-id={siteId} aria-labelledby="noc-drill-title" onKeyDown={onKeyDown}
      data-state={siteState.kind}>
      <header className="noc-drill-head">
        <div>
          <h2 id="noc-drill-title" ref={headingRef} tabIndex={-1}>
            {site ? <>{site.name} <span className="muted">#{site.siteId}</span></> : <span>#{siteId}</span>}
          </h2>
          {site && <div className="muted">{site.tech} · {places.city(site.city, site.province)} · {places.province(site.province)} ({places.region(site.region)}) · {t('drill.transport', { id: site.transportNodeId })}</div>}
        </div>
        {onClose && <button type="button" className="noc-btn" onClick={onClose} aria-label={t('drill.close')} title={`${common('close')} (Esc)`} data-testid="drill-close">×</button>}
      </header>
      {siteState.kind === 'loading' && <LoadingState what={t('nocData')} />}
      {siteState.kind === 'error' && <ErrorState error={siteState.error} />}
      {siteState.kind === 'ready' && !site && <EmptyState>{t('drill.notFound', { id: siteId })}</EmptyState>}
      {siteState.kind === 'ready' && siteState.stale && <StaleNotice asOfMs={siteState.asOfMs} reason={siteState.stale} />}
      {outsideFilter && site && <div className="view-state view-stale" role="status" data-testid="drill-outside-filter">{t('drill.outsideFilter')}</div>}
      {site && words && <>
        <div className="cards">
          <div className="card noc-headline" data-testid="drill-headline" data-status={site.status.status} data-cause={site.status.cause ?? ''} data-value={site.status.value ?? ''}>
            <div className="label"><span><i className="noc-swatch" style={{ background: rgbCss(STATUS_RGB[theme][site.status.status]) }} aria-hidden="true" />{words.headlineLabel}</span></div>
            <div className="value num">{words.headlineValue}</div>
            <div className="sub" data-testid="drill-status">{words.label}{words.cause ? ` · ${words.cause}` : ''}</div>
          </div>
          <div className="card"><div className="label">{t('drill.latencyAssurance')}</div>
            <div className="value num" data-testid="drill-compliance" data-value={a?.assurancePct ?? ''}>{pct3(fmt, a?.assurancePct ?? null)}</div>
            <div className="sub">{a?.strictestSlaMs != null ? t('drill.target', { ms: fmt.decimal(a.strictestSlaMs, 0) }) : common('noData')}</div></div>
          <div className="card"><div className="label">{t('drill.breachMinutes')}</div>
            <div className="value num" data-testid="drill-breach-minutes">{a ? fmt.count(a.breachMinutes) : '—'}</div>
            <div className="sub">{t('drill.ofMeasured', { n: fmt.count(a?.measuredMinutes ?? 0), pct: a ? fmt.pct(a.coveragePct, 1) : '—' })}</div></div>
          <div className="card"><div className="label">{t('drill.p95Now')}</div>
            <div className="value num">{ms1(fmt, a?.currentP95LatencyMs ?? null)}</div>
            <div className="sub">{a?.minutesToBreach != null ? (a.minutesToBreach === 0 ? t('drill.trendNow') : t('drill.trendIn', { min: t('minutes', { n: Math.round(a.minutesToBreach) }) })) : t('drill.trendNone')}</div></div>
          <div className="card"><div className="label">{t('drill.revenueAtRisk')} · {common('perWindow')}</div>
            <div className="value num" data-testid="drill-revenue-at-risk">{fmt.money(site.revenueAtRiskFen)}</div>
            <div className="sub">{t('drill.revenueOf', { amount: fmt.money(site.revenueFen) })}</div>
            <div className="sub" data-testid="drill-credits" data-window-fen={site.creditsWindowFen}>{t('drill.credits', { amount: fmt.money(site.creditsWindowFen) })} · {t('drill.creditsMonthly', { amount: fmt.money(a?.creditsFen ?? 0) })}</div></div>
        </div>

        <h3>{t('drill.classes')}</h3>
        <div className="noc-table-wrap">
          <table className="noc-table"><thead><tr>
            <th scope="col">{t('col.class')}</th><th scope="col">{t('col.accounts')}</th><th scope="col">{t('col.target')}</th><th scope="col">{t('col.assurance')}</th>
            <th scope="col">{t('col.breachMin')}</th><th scope="col">{t('col.uplink')}</th><th scope="col">{t('col.creditWindow')}</th><th scope="col">{t('col.creditMonth')}</th>
          </tr></thead><tbody>
            {(a?.classes ?? []).map((c) => (
              <tr key={c.tierId} className={c.objectiveMet === false ? 'bad' : ''}>
                <td>{c.name}</td><td className="num">{fmt.count(c.accounts)}</td>
                <td className="num">{fmt.decimal(c.latencySlaMs, 0)} ms{c.uplinkSlaMbps !== null ? ` / ${fmt.decimal(c.uplinkSlaMbps, 0)} Mbps` : ''}</td>
                <td className="num">{pct3(fmt, c.assurancePct)}</td><td className="num">{fmt.count(c.breachMinutes)}</td>
                <td className="num">{c.uplinkAssurancePct === null ? '—' : pct3(fmt, c.uplinkAssurancePct)}</td>
                <td className="num">{c.creditPct && assuranceWindow ? fmt.money(proRateMonthlyFen(c.creditFen, assuranceWindow)) : '—'}</td>
                <td className="num">{c.creditPct ? `${c.creditPct} % · ${fmt.money(c.creditFen)}` : '—'}</td>
              </tr>
            ))}
            {!a?.classes.length && <tr><td colSpan={8} className="muted">{t('drill.noClasses')}</td></tr>}
          </tbody></table>
        </div>
      </>}

      {site && (
        <div className="noc-series" data-testid="drill-series" data-state={detail.kind}
          {...(w ? { 'data-window-key': w.request.windowKey, 'data-request': requestKey(w.request), 'data-from': w.window.fromMs, 'data-to': w.window.toMs, 'data-series-site': w.siteId } : {})}>
          {detail.kind === 'loading' && <LoadingState what={t('drill.series')} />}
          {detail.kind === 'error' && <ErrorState error={detail.error} />}
          {w && <>
            {detail.kind === 'ready' && detail.stale && <StaleNotice asOfMs={detail.asOfMs} reason={detail.stale} />}
            <h3>{t('drill.seriesWindow', { from: fmt.dateTime(w.window.fromMs), to: fmt.dateTime(w.window.toMs) })}</h3>
            <Charts detail={w} site={site} t={t} fmt={fmt} theme={theme} />
            <div className="grid2 noc-lists">
              <div>
                <h3>{t('drill.alarms')}</h3>
                {lists !== 'ready' ? <ListsState lists={lists} what={t('drill.lists')} /> : w.openAlarms.length === 0 ? <p className="muted" data-testid="drill-no-alarms">{t('drill.none')}</p> : (
                  <ul className="noc-list" data-testid="drill-alarms">{w.openAlarms.map((al) => (
                    <li key={al.alarmId}><span className={`sev sev-${al.severity}`}>{severityWord(t, al.severity)}</span> {al.probableCause} <span className="muted num">{t('drill.since')} <Time ms={al.tsMs} /></span></li>
                  ))}</ul>
                )}
                <h3>{t('drill.tickets')}</h3>
                {tickets === undefined ? <LoadingState compact /> : tickets === null ? <p className="muted" data-testid="drill-no-tickets">{t('drill.noTicketData')}</p> : tickets.length === 0 ? <p className="muted" data-testid="drill-tickets-none">{t('drill.none')}</p> : (
                  <ul className="noc-list" data-testid="drill-tickets">{tickets.map((tk) => <li key={tk.id}>{tk.id} · {tk.state} · {tk.title} · <Time ms={tk.openedMs} /></li>)}</ul>
                )}
              </div>
              <div>
                <h3>{lists === 'ready' ? t('drill.accounts', { n: fmt.count(w.accounts.length) }) : t('drill.accountsLoading')}</h3>
                {lists !== 'ready' ? <ListsState lists={lists} what={t('drill.lists')} /> : <div className="noc-table-wrap">
                  <table className="noc-table"><thead><tr><th scope="col">{t('col.account')}</th><th scope="col">{t('col.tier')}</th><th scope="col">{t('col.events')}</th><th scope="col">{t('col.tokens')}</th></tr></thead><tbody>
                    {w.accounts.slice(0, 12).map((x) => (
                      <tr key={x.accountId}><td className="num">{x.accountId}</td><td>{tierNames.get(x.tierId) ?? x.tierId}</td>
                        <td className="num">{fmt.count(x.events)}</td><td className="num">{fmt.count(x.tokens)}</td></tr>
                    ))}
                  </tbody></table>
                </div>}
              </div>
            </div>
          </>}
        </div>
      )}
    </section>
  );
}
