// The NOC's assurance and revenue attribution as computed before the bounded path: every raw row of the window read into
// JS (FactReader.numbers) and fed to the pure functions. Kept as the reference the bounded path must equal.
import type { Tier } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { computeFleetAssurance, servedClassesBySite, type SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';
import type { AssuranceWindow } from '../../domain/assurance/latencyAssurance.js';
import type { SiteTierRevenue } from '../../domain/assurance/revenueAtRisk.js';
import { attributeAccountRevenue, siteAccountTokens, siteTierRevenue } from '../../pipelines/assurance/siteRevenueAttribution.js';

export interface LegacyDims { tiers: readonly Tier[]; accounts: { account_id: number[]; tier_id: number[] } }

export async function legacyDims(facts: FactReader): Promise<LegacyDims> {
  const [tiers, a] = await Promise.all([facts.lake.rows('tier'), facts.lake.scan('account', {}, { columns: ['account_id', 'tier_id'] })]);
  return { tiers, accounts: { account_id: a.account_id, tier_id: a.tier_id } };
}

/** Fleet assurance of `siteIds` and fleet-wide (site, tier) revenue, from the raw rows of the window. */
export async function legacyAssurance(
  facts: FactReader, dims: LegacyDims, w: AssuranceWindow, siteIds: readonly number[], revenueByAccount: ReadonlyMap<number, number> | null,
): Promise<{ sites: SiteAssuranceWithTrend[]; revenue: SiteTierRevenue[] }> {
  const [kpi, usage] = await Promise.all([
    facts.numbers('kpi', w, ['site_id', 'ts', 'latency_ms', 'ul_mbps']),
    facts.numbers('usage', w, ['site_id', 'account_id', 'ts', 'tokens_in', 'tokens_out', 'cached_tokens']),
  ]);
  const served = servedClassesBySite(w, { site_id: usage.site_id!, account_id: usage.account_id!, ts: usage.ts! }, dims.accounts, dims.tiers);
  const sites = computeFleetAssurance(w, [...siteIds].sort((a, b) => a - b),
    { site_id: kpi.site_id!, ts: kpi.ts!, latency_ms: kpi.latency_ms!, ul_mbps: kpi.ul_mbps! }, served);
  if (!revenueByAccount) return { sites, revenue: [] };
  const pctOfTier = new Map(dims.tiers.map((t) => [t.tier_id, t.cached_rate_pct]));
  const tierOf = new Map<number, number>();
  const pctOf = new Map<number, number>();
  dims.accounts.account_id.forEach((id, i) => {
    const tier = dims.accounts.tier_id[i]!;
    tierOf.set(id, tier);
    const pct = pctOfTier.get(tier);
    if (pct !== undefined) pctOf.set(id, pct);
  });
  const tokens = siteAccountTokens(w, {
    site_id: usage.site_id!, account_id: usage.account_id!, ts: usage.ts!,
    tokens_in: usage.tokens_in!, tokens_out: usage.tokens_out!, cached_tokens: usage.cached_tokens!,
  }, pctOf);
  return { sites, revenue: siteTierRevenue(attributeAccountRevenue(tokens, revenueByAccount), tierOf) };
}
