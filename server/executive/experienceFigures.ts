// Experience figures of a window: site-hours meeting the objective per service class, SLA credits owed and revenue
// at risk, per province too. Raw windows are judged by the NOC's own assessSite and revenue attribution, so they equal
// NocService.assurance (credits: its creditFen; at risk: attributed revenue of classes with objectiveMet false).
import type { AssuranceHistoryRow } from '../../schema/history.js';
import type { Tier } from '../../schema/tables.js';
import {
  DEFAULT_ASSURANCE_POLICY, assessSite, creditPctFor, roundHalfUpFen, type AssuranceWindow, type ServedClass,
} from '../../domain/assurance/latencyAssurance.js';
import { attributeAccountRevenue, siteTierRevenue, type SiteAccountTokens } from '../../pipelines/assurance/siteRevenueAttribution.js';
import { billableCentiTokens } from '../../pipelines/rating/rateAccount.js';
import type { DataScope, ScopeSite } from '../identity/dataScope.js';
import { HOUR_MS, hourKey, type AccountTokens, type AssuranceFacts } from './rawAssurance.js';
import type { DayRange } from './dayRange.js';

export interface HoursMet { hours: number; met: number }
export interface ProvinceExperience extends HoursMet { creditsFen: number; atRiskFen: number; sitesBelow: number }

/** Additive over disjoint windows. */
export interface ExperienceFigures extends HoursMet {
  creditsFen: number;
  atRiskFen: number;
  byClass: Map<number, HoursMet>;
  byProvince: Map<string, ProvinceExperience>;
}

export function emptyExperience(): ExperienceFigures {
  return { hours: 0, met: 0, creditsFen: 0, atRiskFen: 0, byClass: new Map(), byProvince: new Map() };
}

function province(f: ExperienceFigures, name: string): ProvinceExperience {
  let p = f.byProvince.get(name);
  if (!p) f.byProvince.set(name, (p = { hours: 0, met: 0, creditsFen: 0, atRiskFen: 0, sitesBelow: 0 }));
  return p;
}
function addHours(f: ExperienceFigures, prov: string, tierId: number, hours: number, met: number): void {
  const c = f.byClass.get(tierId) ?? { hours: 0, met: 0 };
  c.hours += hours; c.met += met;
  f.byClass.set(tierId, c);
  const p = province(f, prov);
  p.hours += hours; p.met += met;
  f.hours += hours; f.met += met;
}

export interface ExperienceDims {
  sites: readonly ScopeSite[];
  tiers: readonly Tier[];
  tierOfAccount: ReadonlyMap<number, number>;
}

const servedClass = (t: Tier): ServedClass =>
  ({ tierId: t.tier_id, name: t.name, latencySlaMs: t.latency_sla_ms, uplinkSlaMbps: t.uplink_sla_mbps, accounts: 0, monthlyFeeFen: 0 });

function byTierCounts(classes: readonly ServedClass[], measured: number, lat: number[], ul: number[], targets: AssuranceFacts['targets']) {
  const m = new Map<number, { latencyCompliant: number; uplinkCompliant: number | null }>();
  for (const c of classes) {
    const li = targets.latencyMs.indexOf(c.latencySlaMs);
    const ui = c.uplinkSlaMbps === null ? -1 : targets.uplinkMbps.indexOf(c.uplinkSlaMbps);
    m.set(c.tierId, { latencyCompliant: measured > 0 ? (lat[li] ?? 0) : 0, uplinkCompliant: c.uplinkSlaMbps === null ? null : (ul[ui] ?? 0) });
  }
  return m;
}

/** One raw day (or the running day up to the present), judged once and kept: its parts add up over any window of days. */
export interface DayAssurance {
  window: AssuranceWindow;
  targets: AssuranceFacts['targets'];
  /** site -> service class -> (site, hour, class) triples measured / meeting the objective, classes served in that hour. */
  siteHours: Map<number, Map<number, HoursMet>>;
  /** site -> measured and compliant minutes per target over the day. */
  siteCounts: Map<number, { measured: number; lat: number[]; ul: number[] }>;
  siteAccounts: AssuranceFacts['siteAccounts'];
}

/**
 * Judges each measured (site, hour, class served in that hour) triple like NocService.assurance over that hour, and
 * folds the hours' minute counts per site. Independent of scope and rating, so a day is judged once.
 */
export function judgeDay(facts: AssuranceFacts, dims: ExperienceDims): DayAssurance {
  const w = facts.window;
  const tierById = new Map(dims.tiers.map((t) => [t.tier_id, t]));
  const known = new Set(dims.sites.map((s) => s.site_id));
  const out: DayAssurance = { window: w, targets: facts.targets, siteHours: new Map(), siteCounts: new Map(), siteAccounts: facts.siteAccounts };
  for (const h of facts.hours.values()) {
    if (!known.has(h.siteId)) continue;
    const sc = out.siteCounts.get(h.siteId) ?? { measured: 0, lat: facts.targets.latencyMs.map(() => 0), ul: facts.targets.uplinkMbps.map(() => 0) };
    sc.measured += h.measured; h.lat.forEach((v, i) => { sc.lat[i]! += v; }); h.ul.forEach((v, i) => { sc.ul[i]! += v; });
    out.siteCounts.set(h.siteId, sc);
    const tiers = [...(facts.hourTiers.get(hourKey(h.siteId, h.hourMs)) ?? [])].map((t) => tierById.get(t)).filter((t): t is Tier => !!t);
    if (!tiers.length || h.measured === 0) continue;
    const classes = tiers.map(servedClass);
    const hw = { fromMs: Math.max(w.fromMs, h.hourMs), toMs: Math.min(w.toMs, h.hourMs + HOUR_MS) };
    const a = assessSite(hw, { siteId: h.siteId, measuredMinutes: h.measured, byTier: byTierCounts(classes, h.measured, h.lat, h.ul, facts.targets), currentP95LatencyMs: null }, classes);
    let bySite = out.siteHours.get(h.siteId);
    if (!bySite) out.siteHours.set(h.siteId, (bySite = new Map()));
    for (const c of a.classes) {
      const x = bySite.get(c.tierId) ?? { hours: 0, met: 0 };
      x.hours++; if (c.objectiveMet === true) x.met++;
      bySite.set(c.tierId, x);
    }
  }
  return out;
}

/** A raw window judged once, independent of scope and rating: what any scope's figures and any rating's attribution need. */
export interface WindowJudgement {
  days: readonly DayAssurance[];
  /** Per site: credits owed over the window, whether it is below objective, and its classes below objective. */
  sites: Map<number, { creditsFen: number; below: boolean; tiersBelow: number[] }>;
  /** Every (site, account) of the accounts served by a class below objective somewhere: all their attribution needs. */
  riskTokens: SiteAccountTokens[];
}

/**
 * Judges a window of days like NocService.assurance over the whole window: minutes summed per site, classes from every
 * account served there in the window, credits by assessSite. Revenue at risk is attributed later, per rating.
 */
export function judgeWindow(days: readonly DayAssurance[], dims: ExperienceDims): WindowJudgement {
  const out: WindowJudgement = { days, sites: new Map(), riskTokens: [] };
  if (!days.length) return out;
  const w = { fromMs: Math.min(...days.map((d) => d.window.fromMs)), toMs: Math.max(...days.map((d) => d.window.toMs)) };
  const targets = days[0]!.targets;
  const tierById = new Map(dims.tiers.map((t) => [t.tier_id, t]));
  const counts = new Map<number, { measured: number; lat: number[]; ul: number[] }>();
  const accounts = new Map<number, Map<number, AccountTokens>>();
  for (const d of days) {
    for (const [siteId, c] of d.siteCounts) {
      const sc = counts.get(siteId) ?? { measured: 0, lat: targets.latencyMs.map(() => 0), ul: targets.uplinkMbps.map(() => 0) };
      sc.measured += c.measured; c.lat.forEach((v, i) => { sc.lat[i]! += v; }); c.ul.forEach((v, i) => { sc.ul[i]! += v; });
      counts.set(siteId, sc);
    }
    for (const [siteId, m] of d.siteAccounts) {
      let acc = accounts.get(siteId);
      if (!acc) accounts.set(siteId, (acc = new Map()));
      for (const [accountId, t] of m) {
        const x = acc.get(accountId);
        if (x) { x.tokensIn += t.tokensIn; x.tokensOut += t.tokensOut; x.cachedTokens += t.cachedTokens; } else acc.set(accountId, { ...t });
      }
    }
  }
  const riskAccounts = new Set<number>();
  for (const s of dims.sites) {
    const wc = counts.get(s.site_id) ?? { measured: 0, lat: [], ul: [] };
    const served = new Map<number, ServedClass>();
    const siteAccounts = accounts.get(s.site_id);
    for (const accountId of siteAccounts?.keys() ?? []) {
      const tier = tierById.get(dims.tierOfAccount.get(accountId) ?? -1);
      if (!tier) continue;
      const c = served.get(tier.tier_id) ?? servedClass(tier);
      c.accounts++; c.monthlyFeeFen += tier.monthly_fee_fen;
      served.set(tier.tier_id, c);
    }
    const classes = [...served.values()];
    const a = assessSite(w, { siteId: s.site_id, measuredMinutes: wc.measured, byTier: byTierCounts(classes, wc.measured, wc.lat, wc.ul, targets), currentP95LatencyMs: null }, classes);
    const tiersBelow = a.classes.filter((c) => c.objectiveMet === false).map((c) => c.tierId);
    out.sites.set(s.site_id, { creditsFen: a.creditsFen, below: a.objectiveMet === false, tiersBelow });
    if (tiersBelow.length) for (const accountId of siteAccounts?.keys() ?? []) if (tiersBelow.includes(dims.tierOfAccount.get(accountId) ?? -1)) riskAccounts.add(accountId);
  }
  for (const [siteId, m] of accounts) {
    for (const [accountId, t] of m) {
      if (!riskAccounts.has(accountId)) continue;
      const tier = tierById.get(dims.tierOfAccount.get(accountId) ?? -1);
      if (tier) out.riskTokens.push({ siteId, accountId, billableCentiTokens: billableCentiTokens(t, tier.cached_rate_pct) });
    }
  }
  return out;
}

/**
 * A judged raw window's figures for a scope: site-hours add up over its days; at risk is the rating's revenue per account
 * over the window (RevenueService.revenueByAccount) attributed by billable tokens over each account's sites, as the NOC
 * does, summed over the in-scope site-classes below objective.
 */
export function experienceFromJudgement(
  f: ExperienceFigures, j: WindowJudgement, dims: ExperienceDims, scope: DataScope, accountRevenueFen: ReadonlyMap<number, number> | null,
): void {
  const provinceOf = new Map(dims.sites.map((s) => [s.site_id, s.province]));
  for (const d of j.days) {
    for (const [siteId, byTier] of d.siteHours) {
      if (!scope.hasSite(siteId)) continue;
      for (const [tierId, x] of byTier) addHours(f, provinceOf.get(siteId)!, tierId, x.hours, x.met);
    }
  }
  const revenue = accountRevenueFen ? siteTierRevenue(attributeAccountRevenue(j.riskTokens, accountRevenueFen), dims.tierOfAccount) : [];
  const revenueOf = new Map(revenue.map((r) => [`${r.siteId}|${r.tierId}`, r.revenueFen]));
  for (const [siteId, x] of j.sites) {
    if (!scope.hasSite(siteId)) continue;
    const atRisk = x.tiersBelow.reduce((n, t) => n + (revenueOf.get(`${siteId}|${t}`) ?? 0), 0);
    const p = province(f, provinceOf.get(siteId)!);
    p.creditsFen += x.creditsFen; p.atRiskFen += atRisk; if (x.below) p.sitesBelow++;
    f.creditsFen += x.creditsFen; f.atRiskFen += atRisk;
  }
}

/**
 * History window: site-hours add up exactly; credits and revenue at risk are judged on each (site, class)'s minutes
 * summed over the window. The history keeps no account lists, so the fee base is the class's largest daily fee sum
 * (an account served on several days counts once, as in the NOC) and revenue is the attributed daily revenue summed.
 */
export function experienceFromHistory(f: ExperienceFigures, rows: readonly AssuranceHistoryRow[], range: DayRange, scope: DataScope): void {
  const pol = DEFAULT_ASSURANCE_POLICY;
  const bySiteClass = new Map<string, { province: string; siteId: number; measured: number; lat: number; ul: number; fee: number; revenue: number }>();
  for (const r of rows) {
    if (r.day < range.fromMs || r.day >= range.toMs || !scope.hasSite(r.site_id)) continue;
    const c = f.byClass.get(r.tier_id) ?? { hours: 0, met: 0 };
    c.hours += r.site_hours; c.met += r.site_hours_met;
    f.byClass.set(r.tier_id, c);
    const p = province(f, r.province);
    p.hours += r.site_hours; p.met += r.site_hours_met;
    f.hours += r.site_hours; f.met += r.site_hours_met;
    const k = `${r.site_id}|${r.tier_id}`;
    const x = bySiteClass.get(k) ?? { province: r.province, siteId: r.site_id, measured: 0, lat: 0, ul: 0, fee: 0, revenue: 0 };
    x.measured += r.measured_minutes; x.lat += r.latency_compliant_minutes; x.ul += r.uplink_compliant_minutes;
    x.fee = Math.max(x.fee, r.monthly_fee_fen); x.revenue += r.revenue_fen;
    bySiteClass.set(k, x);
  }
  const below = new Set<string>();
  for (const x of bySiteClass.values()) {
    if (x.measured === 0) continue;
    const worst = (100 * Math.min(x.lat, x.ul)) / x.measured;
    if (worst >= pol.objectivePct) continue;
    const credit = roundHalfUpFen((x.fee * creditPctFor(worst, pol)) / 100);
    const p = province(f, x.province);
    p.creditsFen += credit; p.atRiskFen += x.revenue;
    f.creditsFen += credit; f.atRiskFen += x.revenue;
    if (!below.has(`${x.siteId}`)) { below.add(`${x.siteId}`); p.sitesBelow++; }
  }
}

/** Adds `b` into `a` (figures of disjoint windows). */
export function mergeExperience(a: ExperienceFigures, b: ExperienceFigures): void {
  a.hours += b.hours; a.met += b.met; a.creditsFen += b.creditsFen; a.atRiskFen += b.atRiskFen;
  for (const [t, c] of b.byClass) { const x = a.byClass.get(t) ?? { hours: 0, met: 0 }; x.hours += c.hours; x.met += c.met; a.byClass.set(t, x); }
  for (const [name, p] of b.byProvince) {
    const x = province(a, name);
    x.hours += p.hours; x.met += p.met; x.creditsFen += p.creditsFen; x.atRiskFen += p.atRiskFen; x.sitesBelow += p.sitesBelow;
  }
}
