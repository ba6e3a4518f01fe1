// Feeds the NOC page: every window (1 h, 24 h, 7 d, live or replay) computed in the browser's DuckDB from its rollups
// and raw rows (nocWindowPlan.ts), the server (tRPC noc.assurance) only when the browser has no rollups to do it with.
// Revenue at risk uses the server's rating, fetched in the background (nocRevenueFeed.ts): it never holds up a window.
// Every snapshot is tagged with the request it answers; the page never sees another request's snapshot as its own.
import { useEffect, useRef, useState } from 'react';
import { SLA_TARGETS_SQL, type SlaTargets } from '../../../domain/assurance/assuranceSql.js';
import { rollupCanJudge } from '../../../domain/assurance/assuranceRollupSql.js';
import type { SiteAssuranceWithTrend } from '../../../domain/assurance/fleetAssurance.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { revenueAtRiskBySite } from '../../../domain/assurance/revenueAtRisk.js';
import type { OpsDeckClient } from '../../api/trpcClient.js';
import type { LiveDataset } from '../../dataSync/liveDataset.js';
import type { Loadable } from '../../ui/ViewState.js';
import { browserAssurance } from './browserAssurance.js';
import { DATA_CLOCK_SQL, SITES_SQL, siteLiveSql, type SiteLiveRow, type SiteMetaRow } from './nocQueries.js';
import { RevenueFeed, type RevenueState } from './nocRevenueFeed.js';
import { AnswerGate, requestKey, type NocRequest } from './nocRequest.js';
import { planBrowserWindow, type BrowserPlan } from './nocWindowPlan.js';
import { buildSitePoints, type SiteLive, type SiteMeta, type SitePoint } from './siteMapModel.js';
import { WINDOW_MS, type WindowKey } from './nocTypes.js';
import { WindowUsageCache } from './windowUsageCache.js';

export interface NocSnapshot {
  /** The request this snapshot answers, and its key. */
  request: NocRequest;
  key: string;
  source: 'browser' | 'server';
  /** How the browser read the window (rollups + raw edges, or raw rows only); 'server' when the server computed it. */
  via: 'rollup' | 'raw' | 'server';
  /** Usage rows of this window were fetched from the server (a past window inside one day). */
  fetchedUsage: boolean;
  window: AssuranceWindow;
  /** The window was cut to start at the browser's oldest row (no rollups). */
  shortened: boolean;
  points: SitePoint[];
  /** Time the last refresh took (queries + model), ms. */
  refreshMs: number;
  /** Window the revenue figures are for (live windows: up to REVENUE_REFRESH_MS behind the assurance); null before the first rating. */
  revenueWindow: AssuranceWindow | null;
  /** Why the window has no rated revenue (the rating request failed); the assurance is still shown. */
  revenueError: string | null;
  tierNames: Map<number, string>;
}

export interface NocDataOptions {
  dataset: LiveDataset;
  trpc: OpsDeckClient;
  ready: boolean;
  /** The dataset holds the rollup tables (DatasetState.rollups 'ready'): every window can be computed in the browser. */
  rollups: boolean;
  windowKey: WindowKey;
  replayToMs: number | null;
  intervalMs?: number;
}

export interface NocData {
  /** Loading until the first snapshot of the current request; ready (stale when the latest refresh failed) after. */
  state: Loadable<NocSnapshot>;
  /** Key of the current request. */
  key: string;
  /** Who answers the current request (before its first answer: who is expected to). */
  source: 'browser' | 'server';
  retry(): void;
}

/** The browser holds no KPI row yet (a fresh lake, a feed not started): the page words it in the user's language. */
export const NO_KPI_YET = 'noc:no-kpi-yet';

interface Dims { sites: SiteMeta[]; targets: SlaTargets; tierNames: Map<number, string> }
interface Held { key: string; snapshot: NocSnapshot | null; error: string | null }
/** What a snapshot was built from, so a late revenue answer can rebuild its points. */
interface Built { key: string; sites: SiteAssuranceWithTrend[]; live: Map<number, SiteLive>; window: AssuranceWindow }

function toLiveMap(rows: readonly SiteLiveRow[]): Map<number, SiteLive> {
  return new Map(rows.map((r) => [r.siteId, { activeUsers: r.activeUsers, openAlarms: r.openAlarms, worstSeverity: r.worstSeverity }]));
}

function withRevenue(s: NocSnapshot, dims: Dims, b: Built, rev: RevenueState): NocSnapshot {
  return {
    ...s, points: buildSitePoints(dims.sites, b.sites, b.live, revenueAtRiskBySite(b.sites, rev.revenue), b.window),
    revenueWindow: rev.window, revenueError: rev.window ? null : rev.error,
  };
}

export function useNocData(o: NocDataOptions): NocData {
  const request: NocRequest = { windowKey: o.windowKey, replayToMs: o.replayToMs };
  const key = requestKey(request);
  const [held, setHeld] = useState<Held>({ key, snapshot: null, error: null });
  const [source, setSource] = useState<{ key: string; source: 'browser' | 'server' } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const dims = useRef<Dims | null>(null);
  const gate = useRef(new AnswerGate());
  const built = useRef<Built | null>(null);
  const usageCache = useRef<WindowUsageCache | null>(null);
  const onRevenue = useRef<(key: string) => void>(() => undefined);
  const revenueFeed = useRef<RevenueFeed | null>(null);
  revenueFeed.current ??= new RevenueFeed(
    (w) => o.trpc.noc.siteRevenue.query({ windowMs: Math.max(60_000, w.toMs - w.fromMs), toMs: w.toMs }),
    (k) => onRevenue.current(k),
  );

  useEffect(() => {
    if (!o.ready) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const { dataset, trpc } = o;
    const feed = revenueFeed.current!;
    usageCache.current ??= new WindowUsageCache(dataset);
    const req: NocRequest = { windowKey: o.windowKey, replayToMs: o.replayToMs };
    const myKey = requestKey(req);
    const isLive = req.replayToMs === null;

    const loadDims = async (): Promise<Dims> => {
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
    // A reader with a data scope gets no rollups (the server answers), nor does a catalog target kpi_5m does not count.
    const hasRollups = (d: Dims): boolean => o.rollups && rollupCanJudge(d.targets);

    // A rating that arrives later rebuilds the current snapshot's points (same request, same assurance).
    onRevenue.current = (k) => {
      const b = built.current, d = dims.current;
      if (cancelled || k !== myKey || !b || b.key !== myKey || !d) return;
      const rev = feed.current(myKey, b.window, isLive);
      setHeld((h) => (h.key === myKey && h.snapshot?.source === 'browser' ? { ...h, snapshot: withRevenue(h.snapshot, d, b, rev) } : h));
    };

    const tick = async () => {
      const t0 = performance.now();
      const ticket = gate.current.issue(myKey);
      let refreshMs = 0;
      let answeredBy: 'browser' | 'server' = 'browser';
      try {
        const d = await loadDims();
        // A live window ends at the data clock; a replay at its own moment.
        const clock = isLive ? (await dataset.query<{ latestMinuteMs: number | null }>(DATA_CLOCK_SQL))[0]?.latestMinuteMs ?? null : 0;
        const plan: BrowserPlan | null = clock === null ? null
          : planBrowserWindow(req, { clockMs: clock, sinceMs: dataset.getState().sinceMs ?? -Infinity, rollups: hasRollups(d) });
        if (!plan && isLive && req.windowKey !== '7d') throw new Error(NO_KPI_YET);
        answeredBy = plan ? 'browser' : 'server';
        if (!cancelled) setSource((s) => (s?.key === myKey && s.source === answeredBy ? s : { key: myKey, source: answeredBy }));
        let snapshot: NocSnapshot;
        let b: Built;
        if (plan) {
          const usageTable = plan.fetchUsage ? await usageCache.current!.tableFor(plan.fetchUsage) : 'usage';
          const w = plan.window;
          const [sites, live] = await Promise.all([
            browserAssurance(dataset.query.bind(dataset), plan, d.sites.map((s) => s.siteId), d.targets, usageTable),
            // Alarms and active users: the browser holds the last 24 h; a replay further back shows none.
            dataset.query<SiteLiveRow>(siteLiveSql(w)).then(toLiveMap),
          ]);
          b = { key: myKey, sites, live, window: w };
          const rev = feed.current(myKey, w, isLive);
          snapshot = withRevenue({
            request: req, key: myKey, source: 'browser', via: plan.via, fetchedUsage: plan.fetchUsage !== null, window: w,
            shortened: plan.shortened, points: [], refreshMs: 0, revenueWindow: null, revenueError: null, tierNames: d.tierNames,
          }, d, b, rev);
        } else {
          const res = await trpc.noc.assurance.query({ windowMs: WINDOW_MS[req.windowKey], ...(req.replayToMs !== null ? { toMs: req.replayToMs } : {}) });
          const live = toLiveMap(await dataset.query<SiteLiveRow>(siteLiveSql(res.window)));
          b = { key: myKey, sites: res.sites, live, window: res.window };
          snapshot = withRevenue({
            request: req, key: myKey, source: 'server', via: 'server', fetchedUsage: false, window: res.window,
            shortened: false, points: [], refreshMs: 0, revenueWindow: null, revenueError: null, tierNames: d.tierNames,
          }, d, b, { window: res.rating ? res.window : null, revenue: res.revenue, error: null });
        }
        refreshMs = Math.round(performance.now() - t0);
        if (!cancelled && gate.current.admit(myKey, ticket)) {
          built.current = b;
          setHeld({ key: myKey, snapshot: { ...snapshot, refreshMs }, error: null });
        }
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        // A failed refresh keeps the request's last snapshot (shown stale); another request's is never kept.
        if (!cancelled) setHeld((h) => (h.key === myKey ? { ...h, error: msg } : { key: myKey, snapshot: null, error: msg }));
      }
      // Live windows refresh every second (a long one no sooner than 4x its own compute time, so it never hogs the
      // worker); a server-computed 7 d each minute; a replay is a fixed moment.
      if (cancelled || !isLive) return;
      timer = setTimeout(tick, answeredBy === 'browser' ? Math.max(o.intervalMs ?? 1000, 4 * refreshMs) : 60_000);
    };
    // A replay slider being dragged asks for a new moment every step: only the one it rests on is computed (the
    // browser's answer takes tens of ms, so a short pause is enough; the server's takes seconds).
    if (!isLive) timer = setTimeout(tick, o.rollups ? 50 : 250); else void tick();
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
  }, [o.ready, o.rollups, o.windowKey, o.replayToMs, o.dataset, o.trpc, o.intervalMs, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  // What we hold belongs to another request until this one has answered.
  const mine = held.key === key ? held : { key, snapshot: null, error: null };
  const state: Loadable<NocSnapshot> = mine.snapshot
    ? { kind: 'ready', value: mine.snapshot, asOfMs: mine.snapshot.window.toMs, stale: mine.error }
    : mine.error !== null ? { kind: 'error', error: mine.error } : { kind: 'loading' };
  // Before the first answer: who will answer, as far as the holdings tell (the tick confirms it).
  const expected = o.rollups || (o.replayToMs === null && o.windowKey !== '7d') ? 'browser' : 'server';
  return { state, key, source: mine.snapshot?.source ?? (source?.key === key ? source.source : expected), retry: () => setAttempt((n) => n + 1) };
}
