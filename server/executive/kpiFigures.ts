// Turns one period's summed figures into KPI values (null where the period has no data, never 0) and breakdown tables.
import type { FigureSource, KpiId, ReportTable, ReportTableId } from '../../schema/executive.js';
import { REPORT_TABLES } from '../../schema/executive.js';
import { divHalfUp } from '../../pipelines/rating/exactMoney.js';
import type { RevenueFigures, RevenueSlice } from './revenueFigures.js';
import type { ExperienceFigures } from './experienceFigures.js';
import { ledgerRows, median, type AutonomyFigures } from './autonomyFigures.js';

export interface PeriodFigures {
  revenue: RevenueFigures | null;
  experience: ExperienceFigures | null;
  autonomy: AutonomyFigures | null;
  sources: { revenue: FigureSource; experience: FigureSource; autonomy: FigureSource };
  coverage: { rawDays: number; historyDays: number; missingDays: number };
}

/** Names the tables need (tier names by id). */
export interface FigureNames { tierName(tierId: number): string }

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);
/** Revenue / (paying account-days / days), rounded half-up once to whole fen: the explorer's ARPU. */
export function arpuFen(revenueFen: number, payingAccountDays: number, days: number): number | null {
  if (payingAccountDays <= 0 || days <= 0) return null;
  return Number(divHalfUp(BigInt(revenueFen) * BigInt(days), BigInt(payingAccountDays)));
}

export function kpiValues(p: PeriodFigures): Record<KpiId, number | null> {
  const r = p.revenue && p.revenue.days.size > 0 ? p.revenue : null;
  const e = p.experience && p.experience.hours > 0 ? p.experience : null;
  const a = p.autonomy;
  const days = r?.days.size ?? 0;
  return {
    revenue_total: r?.revenueFen ?? null,
    revenue_subscription: r?.subscriptionFen ?? null,
    revenue_pack: r?.packFen ?? null,
    revenue_payg: r?.paygFen ?? null,
    revenue_overage: r?.overageFen ?? null,
    arpu: r ? arpuFen(r.revenueFen, r.payingAccountDays, days) : null,
    paying_accounts: r ? r.payingAccountDays / days : null,
    net_adds: r ? r.newAccounts - r.churnedAccounts : null,
    churned_accounts: r?.churnedAccounts ?? null,
    tokens_consumed: r?.tokens ?? null,
    revenue_per_mtok: r && r.tokens > 0 ? Number(divHalfUp(BigInt(r.revenueFen) * 1_000_000n, BigInt(r.tokens))) : null,
    site_hours_met: e ? pct(e.met, e.hours) : null,
    sla_credits: e?.creditsFen ?? null,
    revenue_at_risk: e?.atRiskFen ?? null,
    caught_before_breach: a ? pct(a.caught, a.opened) : null,
    median_lead_time: a ? median(a.leadMinutes) : null,
    auto_healed: a ? pct(a.autoHealed, a.closed) : null,
    mttr: a && a.resolveMinutes.length ? a.resolveMinutes.reduce((s, x) => s + x, 0) / a.resolveMinutes.length : null,
    escalations: a?.escalations ?? null,
    // Only store tickets are priced: a period of history alone has no ledger (null, never 0).
    revenue_protected: a && a.ledger.size ? ledgerRows(a).reduce((n, r) => n + r.revenueProtectedFen, 0) : null,
    false_ticket_cost: a && a.ledger.size ? ledgerRows(a).reduce((n, r) => n + r.falseCostFen, 0) : null,
  };
}

function table(id: ReportTableId, columns: ReportTable['columns'], rows: ReportTable['rows']): ReportTable {
  return { id, title: REPORT_TABLES[id].title, columns, rows };
}

function arpuRows<K>(m: Map<K, RevenueSlice>, days: number, label: (k: K) => string) {
  return [...m.entries()].sort((x, y) => y[1].revenueFen - x[1].revenueFen || label(x[0]).localeCompare(label(y[0])))
    .map(([k, s]) => ({ key: label(k), revenueFen: s.revenueFen, payingAccounts: days ? s.payingAccountDays / days : null, arpuFen: arpuFen(s.revenueFen, s.payingAccountDays, days) }));
}

/** The named breakdown table of the period (rows empty when the period has no data for it). */
export function reportTable(id: ReportTableId, p: PeriodFigures, names: FigureNames): ReportTable {
  const r = p.revenue && p.revenue.days.size > 0 ? p.revenue : null;
  const e = p.experience && p.experience.hours > 0 ? p.experience : null;
  const days = r?.days.size ?? 0;
  const arpuCols = (label: string): ReportTable['columns'] => [
    { key: 'key', label, unit: 'text' }, { key: 'revenueFen', label: 'Revenue', unit: 'fen' },
    { key: 'payingAccounts', label: 'Paying accounts', unit: 'count' }, { key: 'arpuFen', label: 'ARPU', unit: 'fen' },
  ];
  switch (id) {
    case 'revenue_by_kind':
      return table(id, [{ key: 'kind', label: 'Kind', unit: 'text' }, { key: 'revenueFen', label: 'Revenue', unit: 'fen' }, { key: 'sharePct', label: 'Share', unit: 'pct' }],
        r ? ([['Subscription', r.subscriptionFen], ['One-time packs', r.packFen], ['Pay-as-you-go', r.paygFen], ['Overage', r.overageFen]] as const)
          .map(([kind, fen]) => ({ kind, revenueFen: fen, sharePct: pct(fen, r.revenueFen) })) : []);
    case 'arpu_by_segment': return table(id, arpuCols('Segment'), r ? arpuRows(r.bySegment, days, String) : []);
    case 'arpu_by_tier': return table(id, arpuCols('Tier'), r ? arpuRows(r.byTier, days, (t) => names.tierName(t)) : []);
    case 'site_hours_by_class':
      return table(id, [{ key: 'serviceClass', label: 'Service class', unit: 'text' }, { key: 'siteHours', label: 'Site-hours', unit: 'count' },
        { key: 'metHours', label: 'Meeting objective', unit: 'count' }, { key: 'metPct', label: 'Share', unit: 'pct' }],
      e ? [...e.byClass.entries()].sort((x, y) => (pct(x[1].met, x[1].hours) ?? 0) - (pct(y[1].met, y[1].hours) ?? 0) || x[0] - y[0])
        .map(([tierId, c]) => ({ serviceClass: names.tierName(tierId), siteHours: c.hours, metHours: c.met, metPct: pct(c.met, c.hours) })) : []);
    case 'worst_provinces':
      return table(id, [{ key: 'province', label: 'Province', unit: 'text' }, { key: 'metPct', label: 'Site-hours meeting objective', unit: 'pct' },
        { key: 'sitesBelow', label: 'Sites below objective', unit: 'count' }, { key: 'creditsFen', label: 'SLA credits', unit: 'fen' },
        { key: 'atRiskFen', label: 'Revenue at risk', unit: 'fen' }],
      e ? worstProvinces(e, 5).map(([province, x]) => ({ province, metPct: pct(x.met, x.hours), sitesBelow: x.sitesBelow, creditsFen: x.creditsFen, atRiskFen: x.atRiskFen })) : []);
    case 'ticket_outcomes': {
      const a = p.autonomy;
      const rows = a ? ([['Healed without a person', a.autoHealed], ['Resolved by a person', a.resolvedByPerson], ['Escalated', a.closed - a.autoHealed - a.resolvedByPerson],
        ['Opened, still open', a.stillOpen]] as const).map(([outcome, n]) => ({ outcome, tickets: n, sharePct: pct(n, a.closed + a.stillOpen) })) : [];
      return table(id, [{ key: 'outcome', label: 'Outcome', unit: 'text' }, { key: 'tickets', label: 'Tickets', unit: 'count' }, { key: 'sharePct', label: 'Share', unit: 'pct' }], rows);
    }
    case 'autonomy_ledger':
      return table(id, [
        { key: 'rule', label: 'Rule', unit: 'text' }, { key: 'runbook', label: 'Runbook', unit: 'text' }, { key: 'tickets', label: 'Tickets', unit: 'count' },
        { key: 'trueTickets', label: 'True', unit: 'count' }, { key: 'falseTickets', label: 'False', unit: 'count' },
        { key: 'revenueProtectedFen', label: 'Revenue protected', unit: 'fen' }, { key: 'creditsAvoidedFen', label: 'Credits avoided', unit: 'fen' },
        { key: 'falseCostFen', label: 'Cost of false tickets', unit: 'fen' },
      ], p.autonomy ? ledgerRows(p.autonomy).map((r) => ({
        rule: r.ruleId, runbook: r.runbook ?? '—', tickets: r.tickets, trueTickets: r.trueTickets, falseTickets: r.falseTickets,
        revenueProtectedFen: r.revenueProtectedFen, creditsAvoidedFen: r.creditsAvoidedFen, falseCostFen: r.falseCostFen,
      })) : []);
  }
}

/** Lowest share of site-hours meeting the objective first; ties by more revenue at risk, then name. */
export function worstProvinces(e: ExperienceFigures, n: number) {
  return [...e.byProvince.entries()].filter(([, x]) => x.hours > 0)
    .sort((x, y) => x[1].met / x[1].hours - y[1].met / y[1].hours || y[1].atRiskFen - x[1].atRiskFen || x[0].localeCompare(y[0]))
    .slice(0, n);
}
