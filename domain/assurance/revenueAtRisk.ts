// Revenue at risk per site: attributed rated revenue of the service classes there that are below objective, breaching or predicted to breach.
// The revenue per (site, tier) comes from siteRevenueAttribution.ts (the rating's revenue split over sites by billable tokens).
import type { SiteAssuranceWithTrend } from './fleetAssurance.js';

/** Rated revenue (fen) over a window of the accounts of one tier, attributed to one site. */
export interface SiteTierRevenue { siteId: number; tierId: number; revenueFen: number }

/**
 * A class is at risk at a site when it is below objective, breaching now, or the latency trend
 * crosses its target within the forecast horizon.
 */
export function revenueAtRiskBySite(
  sites: readonly SiteAssuranceWithTrend[], revenue: readonly SiteTierRevenue[], predictedSlaMs?: (s: SiteAssuranceWithTrend) => number | null,
): Map<number, { revenueFen: number; atRiskFen: number; atRiskTiers: number[] }> {
  const bySiteTier = new Map<string, number>();
  const total = new Map<number, number>();
  for (const r of revenue) {
    bySiteTier.set(`${r.siteId}|${r.tierId}`, r.revenueFen);
    total.set(r.siteId, (total.get(r.siteId) ?? 0) + r.revenueFen);
  }
  const out = new Map<number, { revenueFen: number; atRiskFen: number; atRiskTiers: number[] }>();
  for (const s of sites) {
    // The trend is fitted against the strictest target; a predicted crossing puts every class with
    // that target (or stricter) at risk.
    const predictedTo = s.minutesToBreach !== null ? (predictedSlaMs?.(s) ?? s.strictestSlaMs) : null;
    const atRiskTiers = s.classes.filter((c) => c.objectiveMet === false || c.breachingNow
      || (predictedTo !== null && c.latencySlaMs <= predictedTo)).map((c) => c.tierId);
    const atRiskFen = atRiskTiers.reduce((n, t) => n + (bySiteTier.get(`${s.siteId}|${t}`) ?? 0), 0);
    out.set(s.siteId, { revenueFen: total.get(s.siteId) ?? 0, atRiskFen, atRiskTiers });
  }
  return out;
}
