// Assurance of every site from raw fact columns (KPI samples, usage, accounts, tiers): the pure core the server wraps.
import type { Tier } from '../../schema/tables.js';
import {
  DEFAULT_ASSURANCE_POLICY, MINUTE_MS, assessSite, countSiteMinutes, type AssurancePolicy, type AssuranceWindow, type ServedClass,
  type SiteAssurance, type SiteMinuteCounts,
} from './latencyAssurance.js';
import { fitLatencyTrend, minutesToBreach } from './latencyTrend.js';

export interface KpiColumns { site_id: ArrayLike<number>; ts: ArrayLike<number>; latency_ms: ArrayLike<number>; ul_mbps: ArrayLike<number> }
export interface UsageColumns { site_id: ArrayLike<number>; account_id: ArrayLike<number>; ts: ArrayLike<number> }
export interface AccountTiers { account_id: ArrayLike<number>; tier_id: ArrayLike<number> }

export interface SiteAssuranceWithTrend extends SiteAssurance {
  /** Minutes until the latency trend crosses the strictest served target (0 = above it now), null if not within the horizon. */
  minutesToBreach: number | null;
}

const TREND_MINUTES = 30;

/** Served classes per site: distinct accounts with usage at the site in the window, grouped by tier. */
export function servedClassesBySite(
  w: AssuranceWindow, usage: UsageColumns, accounts: AccountTiers, tiers: readonly Tier[],
): Map<number, ServedClass[]> {
  const tierOfAccount = new Map<number, number>();
  for (let i = 0; i < accounts.account_id.length; i++) tierOfAccount.set(accounts.account_id[i]!, accounts.tier_id[i]!);
  const tierById = new Map(tiers.map((t) => [t.tier_id, t]));
  const seen = new Map<number, Set<number>>();
  for (let i = 0; i < usage.site_id.length; i++) {
    const ts = usage.ts[i]!;
    if (ts < w.fromMs || ts >= w.toMs) continue;
    const site = usage.site_id[i]!;
    let s = seen.get(site);
    if (!s) seen.set(site, (s = new Set()));
    s.add(usage.account_id[i]!);
  }
  const out = new Map<number, ServedClass[]>();
  for (const [site, accs] of seen) {
    const byTier = new Map<number, ServedClass>();
    for (const a of accs) {
      const tier = tierById.get(tierOfAccount.get(a) ?? -1);
      if (!tier) continue; // usage of an unknown account/tier is rejected at ingest; ignore defensively
      let c = byTier.get(tier.tier_id);
      if (!c) byTier.set(tier.tier_id, (c = {
        tierId: tier.tier_id, name: tier.name, latencySlaMs: tier.latency_sla_ms, uplinkSlaMbps: tier.uplink_sla_mbps, accounts: 0, monthlyFeeFen: 0,
      }));
      c.accounts++;
      c.monthlyFeeFen += tier.monthly_fee_fen;
    }
    out.set(site, [...byTier.values()]);
  }
  return out;
}

/** Indices of the samples inside the window, grouped by site in reading order. */
function samplesBySite(w: AssuranceWindow, kpi: KpiColumns): Map<number, number[]> {
  const idx = new Map<number, number[]>();
  for (let i = 0; i < kpi.site_id.length; i++) {
    const ts = kpi.ts[i]!;
    if (ts < w.fromMs || ts >= w.toMs) continue;
    const s = kpi.site_id[i]!;
    let a = idx.get(s);
    if (!a) idx.set(s, (a = []));
    a.push(i);
  }
  return idx;
}

/** The site's assessment with its minutes to breach, from the trend fitted to its samples of the last TREND_MINUTES. */
function withTrend(w: AssuranceWindow, a: SiteAssurance, rows: readonly number[], kpi: KpiColumns): SiteAssuranceWithTrend {
  const trendFrom = w.toMs - TREND_MINUTES * 60_000;
  const inTrend = rows.filter((i) => kpi.ts[i]! >= trendFrom);
  const trend = fitLatencyTrend(inTrend.map((i) => kpi.ts[i]!), inTrend.map((i) => kpi.latency_ms[i]!));
  return { ...a, minutesToBreach: a.strictestSlaMs === null ? null : minutesToBreach(trend, a.strictestSlaMs, TREND_MINUTES) };
}

/** Assurance of each listed site over the window; sites without samples come back as "no data". */
export function computeFleetAssurance(
  w: AssuranceWindow, siteIds: readonly number[], kpi: KpiColumns, served: ReadonlyMap<number, readonly ServedClass[]>,
  policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): SiteAssuranceWithTrend[] {
  // Group sample indices by site once: O(rows), then per-site arrays.
  const idx = samplesBySite(w, kpi);
  return siteIds.map((siteId) => {
    const rows = idx.get(siteId) ?? [];
    const classes = served.get(siteId) ?? [];
    const counts = countSiteMinutes(siteId, w,
      { tsMs: rows.map((i) => kpi.ts[i]!), latencyMs: rows.map((i) => kpi.latency_ms[i]!), ulMbps: rows.map((i) => kpi.ul_mbps[i]!) }, classes, policy);
    return withTrend(w, assessSite(w, counts, classes, policy), rows, kpi);
  });
}

/** Minute counts of one site made without its raw samples (e.g. SQL over the lake plus the hot window): all but the current p95. */
export type SiteMinuteTotals = Omit<SiteMinuteCounts, 'currentP95LatencyMs'>;

/** Where the raw samples fleetAssuranceFromCounts needs start: the trend's and the current p95's minutes, inside the window. */
export function recentSamplesFromMs(w: AssuranceWindow, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): number {
  const firstCurrentMinute = Math.ceil(w.toMs / MINUTE_MS) - policy.currentMinutes;
  return Math.max(w.fromMs, Math.min(w.toMs - TREND_MINUTES * MINUTE_MS, firstCurrentMinute * MINUTE_MS));
}

/**
 * computeFleetAssurance from minute totals counted elsewhere and only the window's recent raw samples (from
 * recentSamplesFromMs on, in reading order: the trend sums them in that order). Equal to computeFleetAssurance over
 * every sample when the totals are countSiteMinutes' over the window, so a long window needs no per-sample pass in JS.
 */
export function fleetAssuranceFromCounts(
  w: AssuranceWindow, siteIds: readonly number[], totals: ReadonlyMap<number, SiteMinuteTotals>, recent: KpiColumns,
  served: ReadonlyMap<number, readonly ServedClass[]>, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): SiteAssuranceWithTrend[] {
  const idx = samplesBySite(w, recent);
  return siteIds.map((siteId) => {
    const rows = idx.get(siteId) ?? [];
    const classes = served.get(siteId) ?? [];
    const t = totals.get(siteId);
    // The current p95 is judged over the last minutes only, all of them among the recent samples.
    const { currentP95LatencyMs } = countSiteMinutes(siteId, w,
      { tsMs: rows.map((i) => recent.ts[i]!), latencyMs: rows.map((i) => recent.latency_ms[i]!), ulMbps: rows.map((i) => recent.ul_mbps[i]!) }, [], policy);
    const a = assessSite(w, { siteId, measuredMinutes: t?.measuredMinutes ?? 0, byTier: t?.byTier ?? new Map(), currentP95LatencyMs }, classes, policy);
    return withTrend(w, a, rows, recent);
  });
}
