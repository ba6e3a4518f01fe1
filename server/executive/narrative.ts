// The report's generated narrative: the biggest movers against the previous period, each with the driver the data
// shows (the tier, segment or province that moved it most). Every number in it is computed; nothing is canned.
import type { KpiUnit, KpiValue } from '../../schema/executive.js';
import { formatFen } from '../../domain/money/formatMoney.js';
import type { FigureNames, PeriodFigures } from './kpiFigures.js';
import { arpuFen } from './kpiFigures.js';

const MAX_SENTENCES = 5;
const MIN_SENTENCES = 3;

export function formatKpi(unit: KpiUnit, v: number): string {
  switch (unit) {
    case 'fen': return formatFen(v);
    case 'pct': return `${v.toFixed(1)}%`;
    case 'minutes': return `${v.toFixed(1)} min`;
    case 'count': return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 1 });
    case 'tokens': return v >= 1e9 ? `${(v / 1e9).toFixed(2)} B tokens` : v >= 1e6 ? `${(v / 1e6).toFixed(2)} M tokens` : `${v.toLocaleString('en-US')} tokens`;
    case 'fen_per_mtok': return `${formatFen(v)} per million tokens`;
  }
}

const signedFen = (d: number) => `${d < 0 ? '-' : '+'}${formatFen(Math.abs(d))}`;
const signedPts = (d: number) => `${d < 0 ? '-' : '+'}${Math.abs(d).toFixed(1)} pts`;

/** The key whose value moved most in the direction `sign` (>0 up, <0 down), with its change. */
function biggestMover<K>(cur: ReadonlyMap<K, number>, prev: ReadonlyMap<K, number>, sign: number): { key: K; delta: number } | null {
  let best: { key: K; delta: number } | null = null;
  for (const k of new Set([...cur.keys(), ...prev.keys()])) {
    const d = (cur.get(k) ?? 0) - (prev.get(k) ?? 0);
    if (d * sign > 0 && (!best || Math.abs(d) > Math.abs(best.delta))) best = { key: k, delta: d };
  }
  return best;
}

const mapOf = <K, V>(m: ReadonlyMap<K, V> | undefined, f: (v: V) => number | null) =>
  new Map([...(m ?? new Map<K, V>()).entries()].flatMap(([k, v]) => { const x = f(v); return x === null ? [] : [[k, x] as [K, number]]; }));

/** The clause naming what drove a KPI's move, or '' when the data names none. */
function driver(k: KpiValue, sign: number, cur: PeriodFigures, prev: PeriodFigures, names: FigureNames): string {
  const rc = cur.revenue, rp = prev.revenue, ec = cur.experience, ep = prev.experience;
  const verb = sign > 0 ? 'added most' : 'lost most';
  if (k.id === 'revenue_total' && rc && rp) {
    const m = biggestMover(mapOf(rc.byTier, (s) => s.revenueFen), mapOf(rp.byTier, (s) => s.revenueFen), sign);
    return m ? `; the ${names.tierName(m.key)} tier ${verb} (${signedFen(m.delta)})` : '';
  }
  if (k.id === 'arpu' && rc && rp) {
    const arpu = (f: typeof rc) => mapOf(f.bySegment, (s) => arpuFen(s.revenueFen, s.payingAccountDays, f.days.size));
    const m = biggestMover(arpu(rc), arpu(rp), sign);
    return m ? `; the ${m.key} segment moved most (${signedFen(m.delta)} per account)` : '';
  }
  if (k.id === 'site_hours_met' && ec && ep) {
    const share = (f: typeof ec) => mapOf(f.byProvince, (p) => (p.hours > 0 ? (100 * p.met) / p.hours : null));
    const m = biggestMover(share(ec), share(ep), sign);
    return m ? `; ${m.key} ${sign > 0 ? 'gained' : 'lost'} most (${signedPts(m.delta)})` : '';
  }
  if ((k.id === 'sla_credits' || k.id === 'revenue_at_risk') && ec && ep) {
    const pick = (f: typeof ec) => mapOf(f.byProvince, (p) => (k.id === 'sla_credits' ? p.creditsFen : p.atRiskFen));
    const m = biggestMover(pick(ec), pick(ep), sign);
    return m ? `; ${m.key} moved most (${signedFen(m.delta)})` : '';
  }
  return '';
}

function moverSentence(k: KpiValue, cur: PeriodFigures, prev: PeriodFigures, names: FigureNames): string {
  const v = k.value!, p = k.previous!;
  const sign = Math.sign(v - p);
  const verb = sign > 0 ? 'rose' : 'fell';
  const change = k.unit === 'pct' ? `${Math.abs(v - p).toFixed(1)} pts` : k.deltaPct !== null ? `${Math.abs(k.deltaPct).toFixed(1)}%` : `from ${formatKpi(k.unit, p)}`;
  const judged = (sign > 0) === (k.better === 'up') ? '' : ' (worse)';
  return `${k.label} ${verb} ${change} to ${formatKpi(k.unit, v)}${judged}${driver(k, sign, cur, prev, names)}.`;
}

/** Parts of token revenue: their moves count by what they did to the total, not by their own (often tiny) base. */
const REVENUE_PARTS = new Set(['revenue_subscription', 'revenue_pack', 'revenue_payg', 'revenue_overage']);

/**
 * Size of a move, comparable across units: percent KPIs by their points, revenue parts by the percent of the previous
 * total revenue they moved it, the rest by their own relative change. So ¥100 more one-time packs on a ¥250k week does not
 * lead the report.
 */
function moveSize(k: KpiValue, revenuePrevious: number | null): number {
  if (k.value === null || k.previous === null || k.value === k.previous) return 0;
  if (k.unit === 'pct') return Math.abs(k.value - k.previous);
  if (REVENUE_PARTS.has(k.id) && revenuePrevious) return (Math.abs(k.value - k.previous) / revenuePrevious) * 100;
  // From nothing to something ranks like a doubling, not above every other move.
  if (k.previous === 0) return 100;
  return Math.abs((k.value - k.previous) / k.previous) * 100;
}

export interface NarrativeInput {
  kpis: readonly KpiValue[];
  current: PeriodFigures;
  previous: PeriodFigures;
  periodLabel: string;
  previousLabel: string;
  names: FigureNames;
}

/**
 * 3-5 sentences: token revenue first (the headline every reader looks for, with the tier that moved it), then the
 * largest other moves; short of three, the levels of the remaining KPIs fill in.
 */
export function narrative(i: NarrativeInput): string[] {
  const withValue = i.kpis.filter((k) => k.value !== null);
  if (!withValue.length) return [`No data for ${i.periodLabel} yet.`];
  const revenue = withValue.find((k) => k.id === 'revenue_total');
  const revenuePrevious = revenue?.previous ?? null;
  const moved = withValue.filter((k) => moveSize(k, revenuePrevious) > 0);
  const headline = revenue && moved.includes(revenue) ? [revenue] : [];
  const movers = [...headline, ...moved.filter((k) => k !== revenue).sort((a, b) => moveSize(b, revenuePrevious) - moveSize(a, revenuePrevious))]
    .slice(0, MAX_SENTENCES);
  const out = movers.map((k) => moverSentence(k, i.current, i.previous, i.names));
  if (!withValue.some((k) => k.previous !== null)) out.push(`${i.previousLabel} has no data to compare with.`);
  for (const k of withValue) {
    if (out.length >= MIN_SENTENCES) break;
    if (movers.includes(k)) continue;
    out.push(k.previous !== null && k.previous === k.value
      ? `${k.label} held at ${formatKpi(k.unit, k.value!)}.`
      : `${k.label} was ${formatKpi(k.unit, k.value!)}.`);
  }
  return out.slice(0, MAX_SENTENCES);
}
