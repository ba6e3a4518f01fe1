// History rows of complete UTC days computed from raw data with the product's own definitions: the rating's
// revenue_day/model_day, the assurance domain code over the day's facts, and the ticket store's tickets.
import type { Site, Tier } from '../../schema/tables.js';
import type { TicketDetail } from '../../schema/automation.js';
import { regionOfProvince } from '../../schema/ratedTables.js';
import type { AssuranceHistoryRow, RevenueHistoryRow, TicketHistoryRow } from '../../schema/history.js';
import { assessSite, countSiteMinutes, type AssuranceWindow, type ServedClass } from '../../domain/assurance/latencyAssurance.js';
import { servedClassesBySite, type AccountTiers, type KpiColumns } from '../../domain/assurance/fleetAssurance.js';
import {
  attributeAccountRevenue, siteAccountTokens, siteTierRevenue, type UsageTokenColumns,
} from '../assurance/siteRevenueAttribution.js';
import type { FactReader } from '../lake/factReader.js';
import type { AccountDayRevenue, RatedLake } from '../rating/rateLake.js';
import { DAY_MS, utcDayMs } from '../rating/exactMoney.js';

const HOUR_MS = 3_600_000;

/** [fromMs, toMs) at UTC midnights. */
export interface DayRange { fromMs: number; toMs: number }

/** The parts of a rating the revenue history needs (RevenueService.snapshot.rated is one). */
export type RatedForHistory = Pick<RatedLake, 'revenueDay' | 'modelDay' | 'accountDays'>;

const revenueKey = (day: number, tierId: number, segment: string, province: string) => `${day}\u0000${tierId}\u0000${segment}\u0000${province}`;

/**
 * Revenue history of the days of `days` the rating covers: revenue_day summed without the channel (so money sums to the
 * fen), tokens from model_day, new accounts by signup day, churned accounts from the per-day paying flags (paying the
 * day before, not paying on the day; the rating's first day has no day before, so none churn on it).
 */
export function revenueHistoryRows(rated: RatedForHistory, days: DayRange): RevenueHistoryRow[] {
  const d = rated.accountDays;
  const from = Math.max(days.fromMs, d.range.fromMs), to = Math.min(days.toMs, d.range.toMs);
  const rows = new Map<string, RevenueHistoryRow>();
  const row = (day: number, tierId: number, segment: RevenueHistoryRow['segment'], province: string): RevenueHistoryRow => {
    const k = revenueKey(day, tierId, segment, province);
    let r = rows.get(k);
    if (!r) {
      r = {
        day, tier_id: tierId, segment, province, region: regionOfProvince(province), subscription_fen: 0, pack_fen: 0, payg_fen: 0,
        overage_fen: 0, revenue_fen: 0, paying_accounts: 0, accounts: 0, new_accounts: 0, churned_accounts: 0, tokens: 0,
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const x of rated.revenueDay) {
    if (x.day < from || x.day >= to) continue;
    const r = row(x.day, x.tier_id, x.segment, x.province);
    r.subscription_fen += x.subscription_fen; r.pack_fen += x.pack_fen; r.payg_fen += x.payg_fen; r.overage_fen += x.overage_fen;
    r.revenue_fen += x.revenue_fen; r.paying_accounts += x.paying_accounts; r.accounts += x.accounts;
  }
  for (const x of rated.modelDay) {
    if (x.day < from || x.day >= to) continue;
    row(x.day, x.tier_id, x.segment, x.province).tokens += x.tokens_in + x.tokens_out;
  }
  const nDays = Math.round((d.range.toMs - d.range.fromMs) / DAY_MS);
  const lo = (from - d.range.fromMs) / DAY_MS, hi = (to - d.range.fromMs) / DAY_MS;
  d.accounts.forEach((a, idx) => {
    const base = idx * nDays;
    const signup = (utcDayMs(a.signup_date) - d.range.fromMs) / DAY_MS;
    if (signup >= lo && signup < hi) row(utcDayMs(a.signup_date), d.tier[base + signup]!, a.segment, a.province).new_accounts++;
    for (let i = Math.max(lo, 1); i < hi; i++) {
      if (d.paying[base + i - 1] === 1 && d.paying[base + i] === 0) {
        row(d.range.fromMs + i * DAY_MS, d.tier[base + i - 1]!, a.segment, a.province).churned_accounts++;
      }
    }
  });
  return [...rows.values()].sort((a, b) => a.day - b.day || a.tier_id - b.tier_id || cmp(a.segment, b.segment) || cmp(a.province, b.province));
}

/** Revenue recognised per account on one UTC day (what NocService's attribution takes for a one-day window). */
export function dayRevenueByAccount(d: AccountDayRevenue, dayMs: number): Map<number, number> {
  const out = new Map<number, number>();
  const nDays = Math.round((d.range.toMs - d.range.fromMs) / DAY_MS);
  const i = (dayMs - d.range.fromMs) / DAY_MS;
  if (!Number.isInteger(i) || i < 0 || i >= nDays) return out;
  d.accounts.forEach((a, idx) => out.set(a.account_id, d.fen[idx * nDays + i]!));
  return out;
}

/** Dimensions the assurance rollup needs: sites with their place, every account's tier, the tier catalog. */
export interface AssuranceDims {
  sites: readonly Pick<Site, 'site_id' | 'province' | 'region'>[];
  accounts: AccountTiers;
  tiers: readonly Tier[];
}

/** One day's KPI samples and usage events (any order). */
export interface DayFacts { kpi: KpiColumns; usage: UsageTokenColumns }

/** Reads one UTC day's facts through the fact reader (lake and hot window, each row once). */
export async function readDayFacts(facts: FactReader, dayMs: number): Promise<DayFacts> {
  const w = { fromMs: dayMs, toMs: dayMs + DAY_MS };
  const [kpi, usage] = await Promise.all([
    facts.numbers('kpi', w, ['site_id', 'ts', 'latency_ms', 'ul_mbps']),
    facts.numbers('usage', w, ['site_id', 'account_id', 'ts', 'tokens_in', 'tokens_out', 'cached_tokens']),
  ]);
  return {
    kpi: { site_id: kpi.site_id!, ts: kpi.ts!, latency_ms: kpi.latency_ms!, ul_mbps: kpi.ul_mbps! },
    usage: {
      site_id: usage.site_id!, account_id: usage.account_id!, ts: usage.ts!,
      tokens_in: usage.tokens_in!, tokens_out: usage.tokens_out!, cached_tokens: usage.cached_tokens!,
    },
  };
}

/** The fleet-wide part of a day's assurance rollup: served classes, attributed revenue, sample indices by site. */
export interface AssuranceDayPrep {
  dayMs: number;
  facts: DayFacts;
  served: Map<number, ServedClass[]>;
  /** Tiers with usage per `${site}|${hour index}`: a site-hour counts for the classes served in it. */
  tiersByHour: Map<string, Set<number>>;
  revenue: Map<string, number>;
  samplesBySite: Map<number, number[]>;
}

/** Served classes (servedClassesBySite) and the day's revenue attributed to (site, tier) by billable tokens, as the NOC does. */
export function prepareAssuranceDay(dayMs: number, f: DayFacts, dims: AssuranceDims, revenueByAccount: ReadonlyMap<number, number>): AssuranceDayPrep {
  const day: AssuranceWindow = { fromMs: dayMs, toMs: dayMs + DAY_MS };
  const served = servedClassesBySite(day, f.usage, dims.accounts, dims.tiers);
  const tierOf = new Map<number, number>();
  const pctOf = new Map<number, number>();
  const pctOfTier = new Map(dims.tiers.map((t) => [t.tier_id, t.cached_rate_pct]));
  for (let i = 0; i < dims.accounts.account_id.length; i++) {
    const id = dims.accounts.account_id[i]!, tier = dims.accounts.tier_id[i]!;
    tierOf.set(id, tier);
    const pct = pctOfTier.get(tier);
    if (pct !== undefined) pctOf.set(id, pct);
  }
  const revenue = new Map<string, number>();
  for (const r of siteTierRevenue(attributeAccountRevenue(siteAccountTokens(day, f.usage, pctOf), revenueByAccount), tierOf)) {
    revenue.set(`${r.siteId}|${r.tierId}`, r.revenueFen);
  }
  const tiersByHour = new Map<string, Set<number>>();
  for (let i = 0; i < f.usage.site_id.length; i++) {
    const ts = f.usage.ts[i]!;
    const tier = tierOf.get(f.usage.account_id[i]!);
    if (ts < day.fromMs || ts >= day.toMs || tier === undefined) continue;
    const k = `${f.usage.site_id[i]!}|${Math.floor(ts / HOUR_MS)}`;
    let set = tiersByHour.get(k);
    if (!set) tiersByHour.set(k, (set = new Set()));
    set.add(tier);
  }
  const samplesBySite = new Map<number, number[]>();
  for (let i = 0; i < f.kpi.site_id.length; i++) {
    const ts = f.kpi.ts[i]!;
    if (ts < day.fromMs || ts >= day.toMs) continue;
    const s = f.kpi.site_id[i]!;
    let list = samplesBySite.get(s);
    if (!list) samplesBySite.set(s, (list = []));
    list.push(i);
  }
  return { dayMs, facts: f, served, tiersByHour, revenue, samplesBySite };
}

/**
 * One site's rows: per class served there that day, the day's minute counts (countSiteMinutes) and its hours judged one
 * by one with assessSite (an hour counts for a class when it has a sample and the class was served in it, as the NOC's
 * one-hour window judges it, and is met when the class met the objective over it).
 */
export function siteAssuranceRows(p: AssuranceDayPrep, site: Pick<Site, 'site_id' | 'province' | 'region'>): AssuranceHistoryRow[] {
  const classes = p.served.get(site.site_id);
  if (!classes?.length) return [];
  const { kpi } = p.facts;
  const day: AssuranceWindow = { fromMs: p.dayMs, toMs: p.dayMs + DAY_MS };
  const idx = p.samplesBySite.get(site.site_id) ?? [];
  const samples = (rows: readonly number[]) => ({
    tsMs: rows.map((i) => kpi.ts[i]!), latencyMs: rows.map((i) => kpi.latency_ms[i]!), ulMbps: rows.map((i) => kpi.ul_mbps[i]!),
  });
  const counts = countSiteMinutes(site.site_id, day, samples(idx), classes);
  const hours = new Map<number, { withSample: number; met: number }>(classes.map((c) => [c.tierId, { withSample: 0, met: 0 }]));
  const byHour = new Map<number, number[]>();
  for (const i of idx) {
    const h = Math.floor(kpi.ts[i]! / HOUR_MS);
    let list = byHour.get(h);
    if (!list) byHour.set(h, (list = []));
    list.push(i);
  }
  for (const [h, rows] of byHour) {
    const tiers = p.tiersByHour.get(`${site.site_id}|${h}`);
    const servedNow = tiers ? classes.filter((c) => tiers.has(c.tierId)) : [];
    if (!servedNow.length) continue;
    const w = { fromMs: h * HOUR_MS, toMs: (h + 1) * HOUR_MS };
    for (const c of assessSite(w, countSiteMinutes(site.site_id, w, samples(rows), servedNow), servedNow).classes) {
      const x = hours.get(c.tierId)!;
      if (c.objectiveMet === null) continue;
      x.withSample++;
      if (c.objectiveMet) x.met++;
    }
  }
  return [...classes].sort((a, b) => a.tierId - b.tierId).map((c) => {
    const k = counts.byTier.get(c.tierId);
    const h = hours.get(c.tierId)!;
    return {
      day: p.dayMs, site_id: site.site_id, province: site.province, region: site.region, tier_id: c.tierId,
      measured_minutes: counts.measuredMinutes,
      latency_compliant_minutes: k?.latencyCompliant ?? 0,
      uplink_compliant_minutes: k?.uplinkCompliant ?? counts.measuredMinutes,
      site_hours: h.withSample, site_hours_met: h.met,
      accounts: c.accounts, monthly_fee_fen: c.monthlyFeeFen,
      revenue_fen: p.revenue.get(`${site.site_id}|${c.tierId}`) ?? 0,
    };
  });
}

/**
 * Assurance history of one UTC day: per site and class served there that day. `revenueByAccount` is each account's
 * revenue on that day (dayRevenueByAccount of the rating).
 */
export function assuranceHistoryRows(dayMs: number, f: DayFacts, dims: AssuranceDims, revenueByAccount: ReadonlyMap<number, number>): AssuranceHistoryRow[] {
  const p = prepareAssuranceDay(dayMs, f, dims, revenueByAccount);
  return sortedSites(dims).flatMap((s) => siteAssuranceRows(p, s));
}

/** Sites in id order (the rows' order). */
export function sortedSites(dims: AssuranceDims): Pick<Site, 'site_id' | 'province' | 'region'>[] {
  return [...dims.sites].sort((a, b) => a.site_id - b.site_id);
}

/** Reads the day's facts and rolls them up (one day in memory at a time). */
export async function assuranceHistoryForDay(facts: FactReader, dayMs: number, dims: AssuranceDims, revenueByAccount: ReadonlyMap<number, number>): Promise<AssuranceHistoryRow[]> {
  return assuranceHistoryRows(dayMs, await readDayFacts(facts, dayMs), dims, revenueByAccount);
}

/** A person acted on the ticket: any event by a 'user:*' actor. */
function personActed(d: TicketDetail): boolean {
  return d.events.some((e) => e.actor.startsWith('user:'));
}

/**
 * One history row per ticket. Caught before breach and lead time follow scoreDetections (lead = first breach - open):
 * a ticket opened while breaching has its first breach at the open (lead 0, not caught); one that never saw a breach
 * counts as caught, its lead running to the predicted breach when there was one. Province: the first site's.
 */
export function ticketHistoryRows(details: readonly TicketDetail[], siteProvince: ReadonlyMap<number, string>): TicketHistoryRow[] {
  return details.map(({ ticket: t, events }) => {
    const breachAt = t.firstBreachAtMs;
    const caught = breachAt === null || breachAt > t.openedAtMs;
    const leadTo = breachAt ?? t.predictedBreachAtMs;
    const escalation = events.find((e) => e.kind === 'transition' && e.toState === 'escalated');
    const outcome: TicketHistoryRow['outcome'] = t.state === 'escalated' ? 'escalated'
      : t.state === 'resolved' ? (personActed({ ticket: t, events }) ? 'resolved_by_person' : 'auto_healed')
        : 'open';
    return {
      ticket_id: t.ticketId, opened_at: t.openedAtMs, rule_id: t.ruleId, runbook: t.runbook,
      province: siteProvince.get(t.siteIds[0] ?? -1) ?? 'Unknown',
      caught_before_breach: caught ? 1 : 0,
      lead_minutes: leadTo === null ? null : Math.max(0, (leadTo - t.openedAtMs) / 60_000),
      outcome,
      closed_at: t.closedAtMs,
      escalated_at: escalation?.atMs ?? (t.state === 'escalated' ? t.closedAtMs : null),
    };
  }).sort((a, b) => a.opened_at - b.opened_at || a.ticket_id - b.ticket_id);
}

function cmp(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }
