// Drill-down for one site: assurance per service class, KPI charts with SLA lines, open alarms, tickets, accounts and revenue.
import * as Plot from '@observablehq/plot';
import type { SitePoint } from './siteMapModel.js';
import { LEVEL_LABELS } from './siteMapModel.js';
import type { SiteDetail, SiteSeriesPoint, TicketSummary } from './nocTypes.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { formatPct } from './nocFormat.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { PlotFigure } from '../../ui/PlotFigure.js';

export interface SiteDrillDownProps {
  site: SitePoint;
  detail: SiteDetail | null;
  /** Tickets from the tickets API (issue 5); null until that API exists: shown as "no ticket data". */
  tickets: readonly TicketSummary[] | null;
  tierNames: ReadonlyMap<number, string>;
  onClose?: () => void;
}

interface ChartSpec { key: keyof SiteSeriesPoint; label: string; color: string; rules: Array<{ y: number; label: string }> }

function KpiChart({ series, spec }: { series: readonly SiteSeriesPoint[]; spec: ChartSpec }) {
  return <PlotFigure testId={`drill-chart-${spec.key}`} className="noc-chart" deps={[series, spec]} spec={() => {
    const data = series.map((d) => ({ t: new Date(d.tsMs), v: d[spec.key] }));
    return {
      width: 420, height: 110, marginLeft: 44, marginTop: 8,
      style: { fontSize: '10px' },
      x: { type: 'utc', label: null }, y: { grid: true, label: spec.label, nice: true },
      marks: [
        Plot.lineY(data, { x: 't', y: 'v', stroke: spec.color, strokeWidth: 1.2 }),
        ...spec.rules.map((r) => Plot.ruleY([r.y], { stroke: '#ff5468', strokeDasharray: '4,3' })),
        ...spec.rules.map((r) => Plot.text([r], { x: data[0]?.t, y: 'y', text: 'label', dy: -5, textAnchor: 'start', fill: '#ff5468' })),
        Plot.tip(data, Plot.pointerX({ x: 't', y: 'v' })),
      ],
    };
  }} />;
}

export function SiteDrillDown({ site, detail, tickets, tierNames, onClose }: SiteDrillDownProps) {
  const a = site.assurance;
  const latencyRules = [...new Set(a?.classes.map((c) => c.latencySlaMs) ?? [])].slice(0, 3).map((y) => ({ y, label: `SLA ${y} ms` }));
  const uplinkRules = [...new Set(a?.classes.flatMap((c) => (c.uplinkSlaMbps === null ? [] : [c.uplinkSlaMbps])) ?? [])].map((y) => ({ y, label: `UL ${y} Mbps` }));
  const specs: ChartSpec[] = [
    { key: 'latencyMs', label: 'p95 latency ms', color: '#4cc2ff', rules: latencyRules },
    { key: 'jitterMs', label: 'jitter ms', color: '#b48cff', rules: [] },
    { key: 'lossPct', label: 'loss %', color: '#ffb020', rules: [] },
    { key: 'ulMbps', label: 'uplink Mbps', color: '#3ddc84', rules: uplinkRules },
    { key: 'dlMbps', label: 'downlink Mbps', color: '#7fd4ff', rules: [] },
  ];
  return (
    <section className="panel noc-drill" data-testid="site-drilldown" data-site-id={site.siteId}>
      <header className="noc-drill-head">
        <div>
          <h2>{site.name} <span className="muted">#{site.siteId}</span></h2>
          <div className="muted">{site.tech} · {site.city}, {site.province} ({site.region}) · transport node {site.transportNodeId}</div>
        </div>
        {onClose && <button type="button" className="noc-btn" onClick={onClose} aria-label="close drill-down">×</button>}
      </header>
      <div className="cards">
        <div className="card"><div className="label">assurance (strictest class)</div>
          <div className="value num" data-testid="drill-compliance" data-value={a?.assurancePct ?? ''}>{formatPct(a?.assurancePct ?? null)}</div>
          <div className="sub">{LEVEL_LABELS[site.level]}{a?.strictestSlaMs != null ? ` · target ${a.strictestSlaMs} ms` : ''}</div></div>
        <div className="card"><div className="label">breach minutes</div>
          <div className="value num" data-testid="drill-breach-minutes">{a ? String(a.breachMinutes) : '—'}</div>
          <div className="sub">of {a?.measuredMinutes ?? 0} measured · coverage {a ? a.coveragePct.toFixed(1) : '—'} %</div></div>
        <div className="card"><div className="label">p95 now</div>
          <div className="value num">{a?.currentP95LatencyMs != null ? `${a.currentP95LatencyMs.toFixed(1)} ms` : '—'}</div>
          <div className="sub">{a?.minutesToBreach != null ? (a.minutesToBreach === 0 ? 'above target' : `breach in ~${Math.round(a.minutesToBreach)} min`) : 'no breach predicted'}</div></div>
        <div className="card"><div className="label">revenue at risk</div>
          <div className="value num" data-testid="drill-revenue-at-risk">{formatFen(site.revenueAtRiskFen)}</div>
          <div className="sub">of {formatFen(site.revenueFen)} · credits {formatFen(a?.creditsFen ?? 0)}</div></div>
      </div>

      <h3>Service classes served here</h3>
      <table className="noc-table"><thead><tr>
        <th>class</th><th>accounts</th><th>target</th><th>assurance</th><th>breach min</th><th>uplink</th><th>credit</th>
      </tr></thead><tbody>
        {(a?.classes ?? []).map((c) => (
          <tr key={c.tierId} className={c.objectiveMet === false ? 'bad' : ''}>
            <td>{c.name}</td><td className="num">{c.accounts}</td><td className="num">{c.latencySlaMs} ms{c.uplinkSlaMbps !== null ? ` / ${c.uplinkSlaMbps} Mbps` : ''}</td>
            <td className="num">{formatPct(c.assurancePct)}</td><td className="num">{c.breachMinutes}</td>
            <td className="num">{c.uplinkAssurancePct === null ? '—' : formatPct(c.uplinkAssurancePct)}</td>
            <td className="num">{c.creditPct ? `${c.creditPct} % · ${formatFen(c.creditFen)}` : '—'}</td>
          </tr>
        ))}
        {!a?.classes.length && <tr><td colSpan={7} className="muted">no accounts served in this window</td></tr>}
      </tbody></table>

      <div className="noc-charts">
        {detail ? specs.map((s) => <KpiChart key={s.key} series={detail.series} spec={s} />) : <p className="muted">loading series…</p>}
      </div>

      <div className="grid2 noc-lists">
        <div>
          <h3>Open alarms</h3>
          {!detail ? <p className="muted">…</p> : detail.openAlarms.length === 0 ? <p className="muted" data-testid="drill-no-alarms">none</p> : (
            <ul className="noc-list" data-testid="drill-alarms">{detail.openAlarms.map((al) => (
              <li key={al.alarmId}><span className={`sev sev-${al.severity}`}>{al.severity}</span> {al.probableCause} <span className="muted num">since {formatUtc(al.tsMs)}</span></li>
            ))}</ul>
          )}
          <h3>Open tickets</h3>
          {tickets === null ? <p className="muted" data-testid="drill-no-tickets">no ticket data</p> : tickets.length === 0 ? <p className="muted" data-testid="drill-tickets-none">none</p> : (
            <ul className="noc-list" data-testid="drill-tickets">{tickets.map((t) => <li key={t.id}>{t.id} · {t.state} · {t.title}</li>)}</ul>
          )}
        </div>
        <div>
          <h3>Accounts served ({detail?.accounts.length ?? '…'})</h3>
          <table className="noc-table"><thead><tr><th>account</th><th>tier</th><th>events</th><th>tokens</th></tr></thead><tbody>
            {detail?.accounts.slice(0, 12).map((x) => (
              <tr key={x.accountId}><td className="num">{x.accountId}</td><td>{tierNames.get(x.tierId) ?? x.tierId}</td>
                <td className="num">{x.events}</td><td className="num">{x.tokens.toLocaleString('en-US')}</td></tr>
            ))}
          </tbody></table>
        </div>
      </div>
    </section>
  );
}
