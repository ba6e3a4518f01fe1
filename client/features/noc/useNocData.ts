// Feeds the NOC page: live windows from the browser's DuckDB (polled every second), 7 d and replay from the server (tRPC).
// Revenue at risk always uses the server's rating: live windows fetch the rated revenue per (site, tier) every 30 s.
import { useEffect, useRef, useState } from 'react';
import {
  SLA_TARGETS_SQL, assuranceFromSqlRows, servedClassesSql, siteMinuteCountsSql, type ServedClassRow, type SiteMinuteCountsRow,
} from '../../../domain/assurance/assuranceSql.js';
import type { SiteAssuranceWithTrend } from '../../../domain/assurance/fleetAssurance.js';
import { summarizeFleet, type AssuranceWindow, type FleetAssurance } from '../../../domain/assurance/latencyAssurance.js';
import { revenueAtRiskBySite, type SiteTierRevenue } from '../../../domain/assurance/revenueAtRisk.js';
import type { OpsDeckClient } from '../../api/trpcClient.js';
import type { LiveDataset } from '../../dataSync/liveDataset.js';
import { DATA_CLOCK_SQL, SITES_SQL, siteLiveSql, type SiteLiveRow, type SiteMetaRow } from './nocQueries.js';
import { buildSitePoints, type SiteLive, type SiteMeta, type SitePoint } from './siteMapModel.js';
import { WINDOW_MS, type WindowKey } from './nocTypes.js';

export interface NocSnapshot {
  source: 'browser' | 'server';
  window: AssuranceWindow;
  points: SitePoint[];
  fleet: FleetAssurance;
  /** Time the last refresh took (queries + model), ms. */
  refreshMs: number;
  /** Window the revenue figures are for (live windows: up to REVENUE_REFRESH_MS behind the assurance); null before the first rating. */
  revenueWindow: AssuranceWindow | null;
  tierNames: Map<number, string>;
}

export interface NocDataOptions {
  dataset: LiveDataset;
  trpc: OpsDeckClient;
  ready: boolean;
  windowKey: WindowKey;
  replayToMs: number | null;
  intervalMs?: number;
}

/** Rated revenue changes slowly (the server re-rates every minute); live windows refetch it this often. */
const REVENUE_REFRESH_MS = 30_000;

interface RevenueCache { windowKey: WindowKey; fetchedAtMs: number; window: AssuranceWindow | null; revenue: SiteTierRevenue[]; pending: boolean }

function toLiveMap(rows: readonly SiteLiveRow[]): Map<number, SiteLive> {
  return new Map(rows.map((r) => [r.siteId, { activeUsers: r.activeUsers, openAlarms: r.openAlarms, worstSeverity: r.worstSeverity }]));
}

export function useNocData(o: NocDataOptions): { snapshot: NocSnapshot | null; error: string | null } {
  const [snapshot, setSnapshot] = useState<NocSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dims = useRef<{ sites: SiteMeta[]; targets: { latencyMs: number[]; uplinkMbps: number[] }; tierNames: Map<number, string> } | null>(null);
  const revenueCache = useRef<RevenueCache | null>(null);

  useEffect(() => {
    if (!o.ready) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const { dataset, trpc } = o;
    const browserMode = o.replayToMs === null && o.windowKey !== '7d';

    const loadDims = async () => {
      if (dims.current) return dims.current;
      const sites = await dataset.query<SiteMetaRow>(SITES_SQL);
      const t = await dataset.query<{ latencyMs: number; uplinkMbps: number | null }>(SLA_TARGETS_SQL);
      const names = await dataset.query<{ tierId: number; name: string }>(`SELECT tier_id AS "tierId", name FROM tier`);
      dims.current = {
        sites,
        targets: {
          latencyMs: [...new Set(t.map((x) => x.latencyMs))],
          uplinkMbps: [...new Set(t.flatMap((x) => (x.uplinkMbps === null ? [] : [x.uplinkMbps])))],
        },
        tierNames: new Map(names.map((n) => [n.tierId, n.name])),
      };
      return dims.current;
    };

    /** Rated revenue for a live window: awaited the first time, then refreshed in the background so the 1 s tick never waits on it. */
    const liveRevenue = async (w: AssuranceWindow): Promise<RevenueCache> => {
      const fetchNow = async (): Promise<RevenueCache> => {
        const res = await trpc.noc.siteRevenue.query({ windowMs: Math.max(60_000, w.toMs - w.fromMs), toMs: w.toMs });
        revenueCache.current = { windowKey: o.windowKey, fetchedAtMs: Date.now(), window: res.rating ? res.window : null, revenue: res.revenue, pending: false };
        return revenueCache.current;
      };
      const c = revenueCache.current;
      if (!c || c.windowKey !== o.windowKey) return fetchNow();
      if (!c.pending && Date.now() - c.fetchedAtMs >= REVENUE_REFRESH_MS) {
        c.pending = true;
        fetchNow().catch(() => { c.pending = false; });
      }
      return c;
    };

    const tick = async () => {
      const t0 = performance.now();
      try {
        const d = await loadDims();
        let w: AssuranceWindow;
        let sites: SiteAssuranceWithTrend[];
        let revenue: SiteTierRevenue[];
        let revenueWindow: AssuranceWindow | null;
        if (browserMode) {
          const clock = (await dataset.query<{ latestMinuteMs: number | null }>(DATA_CLOCK_SQL))[0]?.latestMinuteMs ?? null;
          if (clock === null) throw new Error('no KPI data in the browser yet');
          // Never reach before the rows the browser holds (its window start): a shorter, honest window
          // (shown in the header) rather than minutes silently missing.
          const since = dataset.getState().sinceMs ?? -Infinity;
          w = { fromMs: Math.max(clock - WINDOW_MS[o.windowKey], since), toMs: clock };
          const [counts, served, rev] = await Promise.all([
            dataset.query<SiteMinuteCountsRow>(siteMinuteCountsSql(w, d.targets)),
            dataset.query<ServedClassRow>(servedClassesSql(w)),
            liveRevenue(w),
          ]);
          sites = assuranceFromSqlRows(w, d.sites.map((s) => s.siteId), counts, served);
          revenue = rev.revenue; revenueWindow = rev.window;
        } else {
          const res = await trpc.noc.assurance.query({ windowMs: WINDOW_MS[o.windowKey], ...(o.replayToMs !== null ? { toMs: o.replayToMs } : {}) });
          w = res.window; sites = res.sites; revenue = res.revenue; revenueWindow = res.rating ? res.window : null;
        }
        // Alarms and active users: the browser holds the last 24 h; a replay further back shows none.
        const live = toLiveMap(await dataset.query<SiteLiveRow>(siteLiveSql(w)));
        const points = buildSitePoints(d.sites, sites, live, revenueAtRiskBySite(sites, revenue));
        if (!cancelled) {
          setSnapshot({ source: browserMode ? 'browser' : 'server', window: w, points, fleet: summarizeFleet(sites), refreshMs: Math.round(performance.now() - t0), revenueWindow, tierNames: d.tierNames });
          setError(null);
        }
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
      // Live windows refresh every second; a replay is a fixed moment; 7 d live refreshes each minute (about 2-12 s of server work at 300 sites).
      if (!cancelled && o.replayToMs === null) timer = setTimeout(tick, browserMode ? (o.intervalMs ?? 1000) : 60_000);
    };
    void tick();
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
  }, [o.ready, o.windowKey, o.replayToMs, o.dataset, o.trpc, o.intervalMs]);

  return { snapshot, error };
}
