// Revenue at risk per site: token revenue of the accounts served there whose SLA is breached or predicted to breach.
//
// Account revenue here is an INTERIM ESTIMATE until the rating module (pipelines/rating, issue 3)
// is wired in; it is isolated in `estimateRevenueSql`/`estimateAccountRevenueFen` so it can be
// swapped without touching the rest:
//   monthly plans: monthly_fee_fen x window / 30 days (subscription pro-rated by time);
//   pay-as-you-go: (tokens_in + tokens_out) x overage_fen_per_mtok / 1e6 over the window;
//   one-time packs and overage are left out (they need purchase events and the month's quota).
// Rounded half-up once per account. An account served at several sites counts fully at each:
// the figure is each site's exposure, not a share of a network total.
import type { AssuranceWindow } from './latencyAssurance.js';
import { roundHalfUpFen } from './latencyAssurance.js';
import type { SiteAssuranceWithTrend } from './fleetAssurance.js';

const MONTH_MS = 30 * 86_400_000;

export interface TierPricing { kind: string; monthly_fee_fen: number; overage_fen_per_mtok: number }

export function estimateAccountRevenueFen(w: AssuranceWindow, tier: TierPricing, tokens: number): number {
  if (tier.kind === 'monthly') return roundHalfUpFen((tier.monthly_fee_fen * (w.toMs - w.fromMs)) / MONTH_MS);
  if (tier.kind === 'payg') return roundHalfUpFen((tokens * tier.overage_fen_per_mtok) / 1e6);
  return 0;
}

/** SQL twin of estimateAccountRevenueFen, summed per (site, tier) over accounts served at the site. */
export function siteTierRevenueSql(w: AssuranceWindow): string {
  const range = `ts >= make_timestamp_ms(${Math.floor(w.fromMs)}) AND ts < make_timestamp_ms(${Math.floor(w.toMs)})`;
  const frac = `${w.toMs - w.fromMs}::DOUBLE / ${MONTH_MS}`;
  return `
WITH acct_tokens AS (SELECT account_id, sum(tokens_in::BIGINT + tokens_out)::DOUBLE AS tokens FROM usage WHERE ${range} GROUP BY 1),
sa AS (SELECT DISTINCT site_id, account_id FROM usage WHERE ${range}),
rev AS (
  SELECT a.account_id, t.tier_id,
    floor(CASE t.kind WHEN 'monthly' THEN t.monthly_fee_fen * ${frac}
                      WHEN 'payg' THEN acct_tokens.tokens * t.overage_fen_per_mtok / 1e6 ELSE 0 END + 0.5 + 1e-9) AS fen
  FROM acct_tokens JOIN account a USING (account_id) JOIN tier t USING (tier_id))
SELECT sa.site_id AS "siteId", rev.tier_id AS "tierId", sum(rev.fen)::DOUBLE AS "revenueFen"
FROM sa JOIN rev USING (account_id) GROUP BY 1, 2 ORDER BY 1, 2`;
}

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
