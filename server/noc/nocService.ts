// Server side of the NOC map: assurance of every site over any window (lake + hot window), and one site's detail;
// a scoped user's results hold only the sites in their scope.
import type { Site, Tier } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { fleetAssuranceFromCounts, type SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';
import {
  DEFAULT_ASSURANCE_POLICY, roundHalfUpFen, summarizeFleet, type AssurancePolicy, type AssuranceWindow, type FleetAssurance,
} from '../../domain/assurance/latencyAssurance.js';
import type { SiteTierRevenue } from '../../domain/assurance/revenueAtRisk.js';
import {
  attributeAccountRevenue, siteAccountTokensFromSums, siteTierRevenue, type SiteAccountTokenSums,
} from '../../pipelines/assurance/siteRevenueAttribution.js';
import { InvalidRequestError } from '../../schema/domainErrors.js';
import { DataScope } from '../identity/dataScope.js';
import { kpiMinuteTotals, recentKpiSamples, servedClassesOfPairs, usagePairSums } from './windowAggregates.js';
import { MAX_SERIES_POINTS, minBucketMs, seriesPointCount, siteAccountTotals, siteKpiBuckets, siteRows } from './siteSeries.js';

export interface FleetAssuranceResult {
  window: AssuranceWindow;
  fleet: FleetAssurance;
  sites: SiteAssuranceWithTrend[];
  /** Rated revenue per (site, tier) of the accounts served there, attributed by billable tokens (siteRevenueAttribution.ts). */
  revenue: SiteTierRevenue[];
  /** The rating the revenue comes from; null until the first rating (revenue is then empty). */
  rating: RatingRef | null;
  computeMs: number;
}

export interface RatingRef { version: number; asOfMs: number | null }

/** A site's attributed rated revenue over a window, and the credits its classes would owe at the first band. */
export interface SiteExposure { revenueFen: number; creditsAtStakeFen: number }

/** Per (site, tier) rated revenue over a window, for the browser's live windows. */
export interface SiteRevenueResult { window: AssuranceWindow; revenue: SiteTierRevenue[]; rating: RatingRef | null; computeMs: number }

/** What the NOC needs from the rating: revenue per account over a range (RevenueService implements it). */
export interface AccountRevenueSource {
  revenueByAccount(fromMs: number, toMs: number): Map<number, number>;
  status(): { ready: boolean; version: number; asOfMs: number | null };
}

export interface SiteSeriesPoint {
  tsMs: number; latencyMs: number; jitterMs: number; lossPct: number; dlMbps: number; ulMbps: number; activeUsers: number;
}

export interface SiteDetailResult {
  siteId: number;
  window: AssuranceWindow;
  bucketMs: number;
  series: SiteSeriesPoint[];
  openAlarms: Array<{ alarmId: number; tsMs: number; severity: string; probableCause: string }>;
  accounts: Array<{ accountId: number; tierId: number; events: number; tokens: number }>;
}

export class NocService {
  private dims: Promise<{ sites: Site[]; tiers: Tier[]; accounts: { account_id: number[]; tier_id: number[] } }> | null = null;

  constructor(private readonly facts: FactReader, private readonly rating: AccountRevenueSource) {}

  /** Dimensions change only when the lake is regenerated, i.e. never while the server runs. */
  private loadDims() {
    const { lake } = this.facts;
    this.dims ??= (async () => {
      const [sites, tiers, a] = await Promise.all([
        lake.rows('site'), lake.rows('tier'), lake.scan('account', {}, { columns: ['account_id', 'tier_id'] }),
      ]);
      return { sites, tiers, accounts: { account_id: a.account_id, tier_id: a.tier_id } };
    })();
    return this.dims;
  }

  async sites(scope: DataScope = DataScope.ALL): Promise<Site[]> {
    const { sites } = await this.loadDims();
    return scope.unrestricted ? sites : sites.filter((s) => scope.hasSite(s.site_id));
  }

  /** Assurance of the sites in scope (the fleet summary over them only); revenue is attributed fleet-wide, then cut to them. */
  async assurance(w: AssuranceWindow, scope: DataScope = DataScope.ALL): Promise<FleetAssuranceResult> {
    const t0 = performance.now();
    const { tiers, accounts } = await this.loadDims();
    const sites = await this.sites(scope);
    // Aggregates, not rows (windowAggregates.ts): memory follows sites and (site, account) pairs, not the window's length.
    const r = { ...w, atSeq: this.facts.seq };
    const [totals, recent, usage] = await Promise.all([
      kpiMinuteTotals(this.facts, r, tiers), recentKpiSamples(this.facts, r), usagePairSums(this.facts, r),
    ]);
    const served = servedClassesOfPairs(w, usage, accounts, tiers);
    const result = fleetAssuranceFromCounts(w, sites.map((s) => s.site_id).sort((a, b) => a - b), totals, recent, served);
    const { revenue, rating } = await this.attributedRevenue(w, usage, scope);
    return { window: w, fleet: summarizeFleet(result), sites: result, revenue, rating, computeMs: Math.round(performance.now() - t0) };
  }

  /** Rated revenue per (site, tier) over the window: what the browser joins with its own live assurance. */
  async siteRevenue(w: AssuranceWindow, scope: DataScope = DataScope.ALL): Promise<SiteRevenueResult> {
    const t0 = performance.now();
    const usage = await usagePairSums(this.facts, { ...w, atSeq: this.facts.seq });
    return { window: w, ...(await this.attributedRevenue(w, usage, scope)), computeMs: Math.round(performance.now() - t0) };
  }

  /**
   * What each site's service classes are worth over a window (what a ticket there protects): attributed rated revenue,
   * and the SLA credits its classes would owe at the first credit band (their served accounts' monthly fees).
   * Empty until the first rating.
   */
  async exposure(w: AssuranceWindow, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): Promise<{ bySite: Map<number, SiteExposure>; rating: RatingRef | null }> {
    const bySite = new Map<number, SiteExposure>();
    if (!this.rating.status().ready) return { bySite, rating: null };
    const { tiers, accounts } = await this.loadDims();
    const usage = await usagePairSums(this.facts, { ...w, atSeq: this.facts.seq });
    const { revenue, rating } = await this.attributedRevenue(w, usage, DataScope.ALL);
    if (!rating) return { bySite, rating };
    const firstBandPct = Math.min(...policy.creditBands.map((b) => b.creditPct));
    for (const [siteId, classes] of servedClassesOfPairs(w, usage, accounts, tiers)) {
      bySite.set(siteId, { revenueFen: 0, creditsAtStakeFen: classes.reduce((n, c) => n + roundHalfUpFen((c.monthlyFeeFen * firstBandPct) / 100), 0) });
    }
    for (const r of revenue) {
      const e = bySite.get(r.siteId) ?? { revenueFen: 0, creditsAtStakeFen: 0 };
      e.revenueFen += r.revenueFen;
      bySite.set(r.siteId, e);
    }
    return { bySite, rating };
  }

  /** An account's revenue is split over every site it used (so a site's share is the same for every user), then cut to the scope. */
  private async attributedRevenue(
    w: AssuranceWindow, usage: readonly SiteAccountTokenSums[], scope: DataScope,
  ): Promise<{ revenue: SiteTierRevenue[]; rating: RatingRef | null }> {
    const st = this.rating.status();
    if (!st.ready) return { revenue: [], rating: null };
    const { tiers, accounts } = await this.loadDims();
    const pctOfTier = new Map(tiers.map((t) => [t.tier_id, t.cached_rate_pct]));
    const tierOf = new Map<number, number>();
    const pctOf = new Map<number, number>();
    for (let i = 0; i < accounts.account_id.length; i++) {
      const pct = pctOfTier.get(accounts.tier_id[i]!);
      tierOf.set(accounts.account_id[i]!, accounts.tier_id[i]!);
      if (pct !== undefined) pctOf.set(accounts.account_id[i]!, pct);
    }
    const tokens = siteAccountTokensFromSums(usage, pctOf);
    const attributed = attributeAccountRevenue(tokens, this.rating.revenueByAccount(w.fromMs, w.toMs));
    const revenue = siteTierRevenue(attributed, tierOf);
    return { revenue: scope.unrestricted ? revenue : revenue.filter((r) => scope.hasSite(r.siteId)), rating: { version: st.version, asOfMs: st.asOfMs } };
  }

  /**
   * KPI series (bucket averages; latency as the bucket's max of per-minute p95), open alarms and served accounts.
   * Aggregated per site where the rows are (siteSeries.ts): memory follows the points and accounts, not the raw rows.
   */
  async siteDetail(siteId: number, w: AssuranceWindow, bucketMs: number): Promise<SiteDetailResult> {
    const points = seriesPointCount(w, bucketMs);
    if (points > MAX_SERIES_POINTS) {
      const days = (w.toMs - w.fromMs) / 86_400_000;
      throw new InvalidRequestError(`a ${days >= 1 ? `${+days.toFixed(2)}-day` : `${Math.round((w.toMs - w.fromMs) / 60_000)}-minute`} window at `
        + `${bucketMs / 60_000}-minute buckets is ${points} points per series; the limit is ${MAX_SERIES_POINTS}: `
        + `use bucketMs of at least ${minBucketMs(w.toMs - w.fromMs)} (or leave it out for about 300 points), or a shorter window`);
    }
    const [buckets, openAlarms, acc, { accounts }] = await Promise.all([
      siteKpiBuckets(this.facts, siteId, w, bucketMs),
      this.openAlarms(siteId, w.toMs),
      siteAccountTotals(this.facts, siteId, w),
      this.loadDims(),
    ]);
    const series = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([tsMs, x]) => ({
      tsMs, latencyMs: x.lat, jitterMs: x.jit / x.n, lossPct: x.loss / x.n, dlMbps: x.dl / x.n, ulMbps: x.ul / x.n, activeUsers: x.users / x.n,
    }));
    const tierOf = new Map<number, number>();
    for (let i = 0; i < accounts.account_id.length; i++) tierOf.set(accounts.account_id[i]!, accounts.tier_id[i]!);
    return {
      siteId, window: w, bucketMs, series, openAlarms,
      accounts: [...acc.entries()].map(([accountId, x]) => ({ accountId, tierId: tierOf.get(accountId) ?? -1, ...x }))
        .sort((a, b) => b.tokens - a.tokens),
    };
  }

  /** Alarms of the site still raised at `atMs`; alarms raised up to a week before may still be open. */
  private async openAlarms(siteId: number, atMs: number): Promise<SiteDetailResult['openAlarms']> {
    const rows = await siteRows(this.facts, 'alarm', siteId, { fromMs: atMs - 7 * 86_400_000, toMs: atMs });
    rows.sort((a, b) => a.ts - b.ts || (a.state === 'raised' ? -1 : 1));
    const last = new Map<number, (typeof rows)[number]>();
    const raised = new Map<number, (typeof rows)[number]>();
    for (const r of rows) { last.set(r.alarm_id, r); if (r.state === 'raised') raised.set(r.alarm_id, r); }
    return [...last.values()].filter((r) => r.state === 'raised')
      .map((r) => ({ alarmId: r.alarm_id, tsMs: raised.get(r.alarm_id)?.ts ?? r.ts, severity: r.severity, probableCause: r.probable_cause }))
      .sort((a, b) => b.tsMs - a.tsMs);
  }
}
