// Feeds the NOC page: live windows from the browser's DuckDB (polled every second), 7 d and replay from the server (tRPC).
// Revenue at risk always uses the server's rating: live windows fetch the rated revenue per (site, tier) every 30 s.
// Every snapshot is tagged with the request it answers; the page never sees another request's snapshot as its own.
import { useEffect, useRef, useState } from 'react';
import {
  SLA_TARGETS_SQL, assuranceFromSqlRows, servedClassesSql, siteMinuteCountsSql, type ServedClassRow, type SiteMinuteCountsRow,
} from '../../../domain/assurance/assuranceSql.js';
import type { SiteAssuranceWithTrend } from '../../../domain/assurance/fleetAssurance.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { revenueAtRiskBySite, type SiteTierRevenue } from '../../../domain/assurance/revenueAtRisk.js';
import type { OpsDeckClient } from '../../api/trpcClient.js';
import type { LiveDataset } from '../../dataSync/liveDataset.js';
import type { Loadable } from '../../ui/ViewState.js';
import { DATA_CLOCK_SQL, SITES_SQL, siteLiveSql, type SiteLiveRow, type SiteMetaRow } from './nocQueries.js';
import { AnswerGate, isBrowserRequest, requestKey, type NocRequest } from './nocRequest.js';
import { buildSitePoints, type SiteLive, type SiteMeta, type SitePoint } from './siteMapModel.js';
import { WINDOW_MS, type WindowKey } from './nocTypes.js';

export interface NocSnapshot {
  /** The request this snapshot answers, and its key. */
  request: NocRequest;
  key: string;
  source: 'browser' | 'server';
  window: AssuranceWindow;
  /** The window the request asked for; longer than `window` when the browser holds less history (a partial window). */
  requestedMs: number;
  points: SitePoint[];
  /** Time the last refresh took (queries + model), ms. */
  refreshMs: number;
  /** Window the revenue figures are for (live windows: up to REVENUE_REFRESH_MS behind the assurance); null before the first rating. */
  revenueWindow: AssuranceWindow | null;
  /** Why the live window has no rated revenue (the rating request failed); the assurance is still shown. */
  revenueError: string | null;
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

export interface NocData {
  /** Loading until the first snapshot of the current request; ready (stale when the latest refresh failed) after. */
  state: Loadable<NocSnapshot>;
  /** Key of the current request. */
  key: string;
  retry(): void;
}

/** The browser holds no KPI row yet (a fresh lake, a feed not started): the page words it in the user's language. */
export const NO_KPI_YET = 'noc:no-kpi-yet';

/** Rated revenue changes slowly (the server re-rates every minute); live windows refetch it this often. */
const REVENUE_REFRESH_MS = 30_000;

interface RevenueCache { windowKey: WindowKey; fetchedAtMs: number; window: AssuranceWindow | null; revenue: SiteTierRevenue[]; pending: boolean; error: string | null }

interface Held { key: string; snapshot: NocSnapshot | null; error: string | null }

function toLiveMap(rows: readonly SiteLiveRow[]): Map<number, SiteLive> {
  return new Map(rows.map((r) => [r.siteId, { activeUsers: r.activeUsers, openAlarms: r.openAlarms, worstSeverity: r.worstSeverity }]));
}

export function useNocData(o: NocDataOptions): NocData {
  const request: NocRequest = { windowKey: o.windowKey, replayToMs: o.replayToMs };
  const key = requestKey(request);
  const [held, setHeld] = useState<Held>({ key, snapshot: null, error: null });
  const [attempt, setAttempt] = useState(0);
  const dims = useRef<{ sites: SiteMeta[]; targets: { latencyMs: number[]; uplinkMbps: number[] }; tierNames: Map<number, string> } | null>(null);
  const revenueCache = useRef<RevenueCache | null>(null);
  const gate = useRef(new AnswerGate());

  useEffect(() => {
    if (!o.ready) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const { dataset, trpc } = o;
    const req: NocRequest = { windowKey: o.windowKey, replayToMs: o.replayToMs };
    const myKey = requestKey(req);
    const browserMode = isBrowserRequest(req);

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
        // A late answer for another window is not kept (the next tick asks again for its own).
        const fresh = { windowKey: req.windowKey, fetchedAtMs: Date.now(), window: res.rating ? res.window : null, revenue: res.revenue, pending: false, error: null };
        if (!cancelled) revenueCache.current = fresh;
        return fresh;
      };
      const c = revenueCache.current;
      // Without any rating yet for this window, a failure leaves the revenue empty (said so on the cards), not the page.
      if (!c || c.windowKey !== req.windowKey) {
        return fetchNow().catch((e: unknown) => {
          // Kept, so the next try is a background refresh REVENUE_REFRESH_MS later rather than a request every second.
          const failed: RevenueCache = { windowKey: req.windowKey, fetchedAtMs: Date.now(), window: null, revenue: [], pending: false, error: e instanceof Error ? e.message : String(e) };
          if (!cancelled) revenueCache.current = failed;
          return failed;
        });
      }
      if (!c.pending && Date.now() - c.fetchedAtMs >= REVENUE_REFRESH_MS) {
        c.pending = true;
        fetchNow().catch(() => { c.pending = false; });
      }
      return c;
    };

    const tick = async () => {
      const t0 = performance.now();
      const ticket = gate.current.issue(myKey);
      try {
        const d = await loadDims();
        let w: AssuranceWindow;
        let sites: SiteAssuranceWithTrend[];
        let revenue: SiteTierRevenue[];
        let revenueWindow: AssuranceWindow | null;
        let revenueError: string | null = null;
        if (browserMode) {
          const clock = (await dataset.query<{ latestMinuteMs: number | null }>(DATA_CLOCK_SQL))[0]?.latestMinuteMs ?? null;
          if (clock === null) throw new Error(NO_KPI_YET);
          // Never reach before the rows the browser holds (its window start): a shorter, honest window
          // (shown in the header) rather than minutes silently missing.
          const since = dataset.getState().sinceMs ?? -Infinity;
          w = { fromMs: Math.max(clock - WINDOW_MS[req.windowKey], since), toMs: clock };
          const [counts, served, rev] = await Promise.all([
            dataset.query<SiteMinuteCountsRow>(siteMinuteCountsSql(w, d.targets)),
            dataset.query<ServedClassRow>(servedClassesSql(w)),
            liveRevenue(w),
          ]);
          sites = assuranceFromSqlRows(w, d.sites.map((s) => s.siteId), counts, served);
          revenue = rev.revenue; revenueWindow = rev.window; revenueError = rev.error;
        } else {
          const res = await trpc.noc.assurance.query({ windowMs: WINDOW_MS[req.windowKey], ...(req.replayToMs !== null ? { toMs: req.replayToMs } : {}) });
          w = res.window; sites = res.sites; revenue = res.revenue; revenueWindow = res.rating ? res.window : null;
        }
        // Alarms and active users: the browser holds the last 24 h; a replay further back shows none.
        const live = toLiveMap(await dataset.query<SiteLiveRow>(siteLiveSql(w)));
        const points = buildSitePoints(d.sites, sites, live, revenueAtRiskBySite(sites, revenue), w);
        if (!cancelled && gate.current.admit(myKey, ticket)) {
          const snapshot: NocSnapshot = {
            request: req, key: myKey, source: browserMode ? 'browser' : 'server', window: w, requestedMs: WINDOW_MS[req.windowKey], points,
            refreshMs: Math.round(performance.now() - t0), revenueWindow, revenueError, tierNames: d.tierNames,
          };
          setHeld({ key: myKey, snapshot, error: null });
        }
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        // A failed refresh keeps the request's last snapshot (shown stale); another request's is never kept.
        if (!cancelled) setHeld((h) => (h.key === myKey ? { ...h, error: msg } : { key: myKey, snapshot: null, error: msg }));
      }
      // Live windows refresh every second; a replay is a fixed moment; 7 d live refreshes each minute (about 2-12 s of server work at 300 sites).
      if (!cancelled && req.replayToMs === null) timer = setTimeout(tick, browserMode ? (o.intervalMs ?? 1000) : 60_000);
    };
    // A replay slider being dragged asks for a new moment every step: only the one it rests on is computed.
    if (req.replayToMs !== null) timer = setTimeout(tick, 250); else void tick();
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
  }, [o.ready, o.windowKey, o.replayToMs, o.dataset, o.trpc, o.intervalMs, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  // What we hold belongs to another request until this one has answered.
  const mine = held.key === key ? held : { key, snapshot: null, error: null };
  const state: Loadable<NocSnapshot> = mine.snapshot
    ? { kind: 'ready', value: mine.snapshot, asOfMs: mine.snapshot.window.toMs, stale: mine.error }
    : mine.error !== null ? { kind: 'error', error: mine.error } : { kind: 'loading' };
  return { state, key, retry: () => setAttempt((n) => n + 1) };
}
