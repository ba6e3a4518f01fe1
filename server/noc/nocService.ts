// Server side of the NOC map: assurance of every site over any window (lake + hot window), and one site's detail.
import { TABLES, type FactTable, type Site, type Tier } from '../../schema/tables.js';
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';
import {
  computeFleetAssurance, servedClassesBySite, type SiteAssuranceWithTrend,
} from '../../domain/assurance/fleetAssurance.js';
import { summarizeFleet, type AssuranceWindow, type FleetAssurance } from '../../domain/assurance/latencyAssurance.js';
import type { SiteTierRevenue } from '../../domain/assurance/revenueAtRisk.js';
import { attributeAccountRevenue, siteAccountTokens, siteTierRevenue } from '../../pipelines/assurance/siteRevenueAttribution.js';

type Cols = Record<string, number[]>;

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

/** Per (site, tier) rated revenue over a window, for the browser's live windows. */
export interface SiteRevenueResult { window: AssuranceWindow; revenue: SiteTierRevenue[]; rating: RatingRef | null; computeMs: number }

/** What the NOC needs from the rating: revenue per account over a range (RevenueService implements it). */
export interface AccountRevenueSource {
  revenueByAccount(fromMs: number, toMs: number): Map<number, number>;
  status(): { ready: boolean; version: number; asOfMs: number | null };
}

const USAGE_REVENUE_COLUMNS = ['site_id', 'account_id', 'ts', 'tokens_in', 'tokens_out', 'cached_tokens'] as const;

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

/** Numeric columns of a fact table over [from, to): lake part before the hot coverage, hot window after. */
async function factColumns(lake: LakeReader, hot: HotWindow, table: FactTable, w: AssuranceWindow, columns: readonly string[]): Promise<Cols> {
  // Read the hot part synchronously first so an eviction during the lake await cannot lose rows.
  const cov = hot.coverageStartMs;
  const out: Cols = Object.fromEntries(columns.map((c) => [c, [] as number[]]));
  for (const t of hot.select(table, { fromMs: Math.max(w.fromMs, cov), toMs: w.toMs })) {
    for (const c of columns) {
      const v = t.getChild(c);
      const dst = out[c]!;
      if (!v) throw new Error(`${table}: no column ${c}`);
      for (let i = 0; i < t.numRows; i++) dst.push(Number(v.get(i)));
    }
  }
  if (w.fromMs < cov) {
    const lakeCols = await lake.scan(table, { fromMs: w.fromMs, toMs: Math.min(w.toMs, cov) }, columns) as unknown as Record<string, unknown[]>;
    for (const c of columns) for (const v of lakeCols[c] ?? []) out[c]!.push(Number(v));
  }
  return out;
}

export class NocService {
  private dims: Promise<{ sites: Site[]; tiers: Tier[]; accounts: { account_id: number[]; tier_id: number[] } }> | null = null;

  constructor(private readonly lake: LakeReader, private readonly hot: HotWindow, private readonly rating: AccountRevenueSource) {}

  /** Dimensions change only when the lake is regenerated, i.e. never while the server runs. */
  private loadDims() {
    this.dims ??= (async () => {
      const s = await this.lake.scan('site', {});
      const t = await this.lake.scan('tier', {});
      const a = await this.lake.scan('account', {}, ['account_id', 'tier_id']);
      const rows = <T>(cols: Record<string, unknown[]>): T[] => {
        const names = Object.keys(cols);
        const n = cols[names[0]!]?.length ?? 0;
        return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((k) => [k, cols[k]![i]])) as T);
      };
      return {
        sites: rows<Site>(s as unknown as Record<string, unknown[]>),
        tiers: rows<Tier>(t as unknown as Record<string, unknown[]>),
        accounts: { account_id: a.account_id, tier_id: a.tier_id },
      };
    })();
    return this.dims;
  }

  async sites(): Promise<Site[]> { return (await this.loadDims()).sites; }

  async assurance(w: AssuranceWindow): Promise<FleetAssuranceResult> {
    const t0 = performance.now();
    const { sites, tiers, accounts } = await this.loadDims();
    const [kpi, usage] = await Promise.all([
      factColumns(this.lake, this.hot, 'kpi', w, ['site_id', 'ts', 'latency_ms', 'ul_mbps']),
      factColumns(this.lake, this.hot, 'usage', w, USAGE_REVENUE_COLUMNS),
    ]);
    const served = servedClassesBySite(w, { site_id: usage.site_id!, account_id: usage.account_id!, ts: usage.ts! }, accounts, tiers);
    const result = computeFleetAssurance(w, sites.map((s) => s.site_id).sort((a, b) => a - b),
      { site_id: kpi.site_id!, ts: kpi.ts!, latency_ms: kpi.latency_ms!, ul_mbps: kpi.ul_mbps! }, served);
    const { revenue, rating } = await this.attributedRevenue(w, usage);
    return { window: w, fleet: summarizeFleet(result), sites: result, revenue, rating, computeMs: Math.round(performance.now() - t0) };
  }

  /** Rated revenue per (site, tier) over the window: what the browser joins with its own live assurance. */
  async siteRevenue(w: AssuranceWindow): Promise<SiteRevenueResult> {
    const t0 = performance.now();
    const usage = await factColumns(this.lake, this.hot, 'usage', w, USAGE_REVENUE_COLUMNS);
    return { window: w, ...(await this.attributedRevenue(w, usage)), computeMs: Math.round(performance.now() - t0) };
  }

  private async attributedRevenue(w: AssuranceWindow, usage: Cols): Promise<{ revenue: SiteTierRevenue[]; rating: RatingRef | null }> {
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
    const tokens = siteAccountTokens(w, {
      site_id: usage.site_id!, account_id: usage.account_id!, ts: usage.ts!,
      tokens_in: usage.tokens_in!, tokens_out: usage.tokens_out!, cached_tokens: usage.cached_tokens!,
    }, pctOf);
    const attributed = attributeAccountRevenue(tokens, this.rating.revenueByAccount(w.fromMs, w.toMs));
    return { revenue: siteTierRevenue(attributed, tierOf), rating: { version: st.version, asOfMs: st.asOfMs } };
  }

  /** KPI series (bucket averages; latency as the bucket's max of per-minute p95), open alarms and served accounts. */
  async siteDetail(siteId: number, w: AssuranceWindow, bucketMs: number): Promise<SiteDetailResult> {
    const kpiCols = Object.keys(TABLES.kpi.spec);
    const [kpi, alarms, usage] = await Promise.all([
      factColumns(this.lake, this.hot, 'kpi', w, kpiCols),
      // Alarms raised before the window may still be open: look back a week for their state.
      factColumns(this.lake, this.hot, 'alarm', { fromMs: w.fromMs - 7 * 86_400_000, toMs: w.toMs }, ['ts', 'alarm_id', 'site_id']),
      factColumns(this.lake, this.hot, 'usage', w, ['site_id', 'account_id', 'tokens_in', 'tokens_out']),
    ]);
    const buckets = new Map<number, { n: number; lat: number; jit: number; loss: number; dl: number; ul: number; users: number }>();
    for (let i = 0; i < (kpi.ts?.length ?? 0); i++) {
      if (kpi.site_id![i] !== siteId) continue;
      const b = Math.floor(kpi.ts![i]! / bucketMs) * bucketMs;
      let x = buckets.get(b);
      if (!x) buckets.set(b, (x = { n: 0, lat: -Infinity, jit: 0, loss: 0, dl: 0, ul: 0, users: 0 }));
      x.n++; x.lat = Math.max(x.lat, kpi.latency_ms![i]!); x.jit += kpi.jitter_ms![i]!; x.loss += kpi.loss_pct![i]!;
      x.dl += kpi.dl_mbps![i]!; x.ul += kpi.ul_mbps![i]!; x.users += kpi.active_users![i]!;
    }
    const series = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([tsMs, x]) => ({
      tsMs, latencyMs: x.lat, jitterMs: x.jit / x.n, lossPct: x.loss / x.n, dlMbps: x.dl / x.n, ulMbps: x.ul / x.n, activeUsers: x.users / x.n,
    }));
    // Alarm state needs strings: ask the lake/hot rows for this site's alarm ids, then resolve.
    const openAlarms = await this.openAlarms(siteId, w.toMs, alarms);
    const { accounts } = await this.loadDims();
    const tierOf = new Map<number, number>();
    for (let i = 0; i < accounts.account_id.length; i++) tierOf.set(accounts.account_id[i]!, accounts.tier_id[i]!);
    const acc = new Map<number, { events: number; tokens: number }>();
    for (let i = 0; i < (usage.site_id?.length ?? 0); i++) {
      if (usage.site_id![i] !== siteId) continue;
      const id = usage.account_id![i]!;
      const x = acc.get(id) ?? { events: 0, tokens: 0 };
      x.events++; x.tokens += usage.tokens_in![i]! + usage.tokens_out![i]!;
      acc.set(id, x);
    }
    return {
      siteId, window: w, bucketMs, series, openAlarms,
      accounts: [...acc.entries()].map(([accountId, x]) => ({ accountId, tierId: tierOf.get(accountId) ?? -1, ...x }))
        .sort((a, b) => b.tokens - a.tokens),
    };
  }

  private async openAlarms(siteId: number, atMs: number, cols: Cols): Promise<SiteDetailResult['openAlarms']> {
    const ids = new Set<number>();
    for (let i = 0; i < (cols.site_id?.length ?? 0); i++) if (cols.site_id![i] === siteId) ids.add(cols.alarm_id![i]!);
    if (!ids.size) return [];
    // Few rows per site: read full alarm rows (with strings) from the hot window and lake once.
    const rows: Array<{ ts: number; alarm_id: number; severity: string; probable_cause: string; state: string }> = [];
    const fromMs = atMs - 7 * 86_400_000;
    const cov = this.hot.coverageStartMs;
    for (const t of this.hot.select('alarm', { fromMs: Math.max(fromMs, cov), toMs: atMs })) {
      for (let i = 0; i < t.numRows; i++) {
        const r = t.get(i)!.toJSON() as Record<string, unknown>;
        if (r.site_id === siteId) rows.push({ ts: Number(r.ts), alarm_id: Number(r.alarm_id), severity: String(r.severity), probable_cause: String(r.probable_cause), state: String(r.state) });
      }
    }
    if (fromMs < cov) {
      const l = await this.lake.scan('alarm', { fromMs, toMs: Math.min(atMs, cov) });
      for (let i = 0; i < l.ts.length; i++) {
        if (l.site_id[i] === siteId) rows.push({ ts: l.ts[i]!, alarm_id: l.alarm_id[i]!, severity: l.severity[i]!, probable_cause: l.probable_cause[i]!, state: l.state[i]! });
      }
    }
    rows.sort((a, b) => a.ts - b.ts || (a.state === 'raised' ? -1 : 1));
    const last = new Map<number, (typeof rows)[number]>();
    const raised = new Map<number, (typeof rows)[number]>();
    for (const r of rows) { last.set(r.alarm_id, r); if (r.state === 'raised') raised.set(r.alarm_id, r); }
    return [...last.values()].filter((r) => r.state === 'raised')
      .map((r) => ({ alarmId: r.alarm_id, tsMs: raised.get(r.alarm_id)?.ts ?? r.ts, severity: r.severity, probableCause: r.probable_cause }))
      .sort((a, b) => b.tsMs - a.tsMs);
  }
}
