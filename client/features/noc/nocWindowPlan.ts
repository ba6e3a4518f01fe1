// Where the NOC answers a request and over which exact window: the browser from its rollups (whole 5-minute buckets and
// days, kept for the whole lake) plus the raw rows it holds (the last 24 h), fetching the few raw rows a past window
// still needs; the server only when the browser has no rollups (or they cannot judge the catalog's targets exactly).
import { rollupRawNeeds } from '../../../domain/assurance/assuranceRollupSql.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { ROLLUPS } from '../../../schema/rollups.js';
import type { NocRequest } from './nocRequest.js';
import { WINDOW_MS } from './nocTypes.js';

/** The replay slider's moments and every browser window edge that is not live sit on this grid (kpi_5m's buckets). */
export const GRID_MS = ROLLUPS.kpi_5m.grainMs;

export interface BrowserHoldings {
  /** Start of the latest minute with KPI data (live windows end there). */
  clockMs: number;
  /** Oldest raw row the browser holds (dataset.getState().sinceMs). */
  sinceMs: number;
  /** The rollup tables are loaded and can judge the catalog's targets exactly (rollupCanJudge). */
  rollups: boolean;
}

export interface BrowserPlan {
  window: AssuranceWindow;
  /** Rollups + raw edges, or raw rows only (no rollups: live 1 h / 24 h as before). */
  via: 'rollup' | 'raw';
  /** Raw usage rows to fetch from the server first (a past window inside one day), null when the browser holds them. */
  fetchUsage: AssuranceWindow | null;
  /** The window was cut to start at the browser's oldest raw row (said on the page). */
  shortened: boolean;
}

const floorTo = (ms: number, grid: number) => Math.floor(ms / grid) * grid;
const ceilTo = (ms: number, grid: number) => Math.ceil(ms / grid) * grid;

/** A replay's window end: on the 5-minute grid (a URL may carry any moment), so no raw KPI row is needed. */
export function replayEndMs(replayToMs: number): number {
  return floorTo(replayToMs, GRID_MS);
}

/** How the browser answers the request, or null when only the server can. */
export function planBrowserWindow(r: NocRequest, h: BrowserHoldings): BrowserPlan | null {
  const len = WINDOW_MS[r.windowKey];
  const toMs = r.replayToMs === null ? h.clockMs : replayEndMs(r.replayToMs);
  if (!h.rollups) {
    if (r.replayToMs !== null || r.windowKey === '7d') return null;
    // Never reach before the rows the browser holds: a shorter, honest window rather than minutes silently missing.
    const fromMs = Math.max(toMs - len, h.sinceMs);
    return { window: { fromMs, toMs }, via: 'raw', fetchUsage: null, shortened: fromMs > toMs - len };
  }
  const notHeld = (w: AssuranceWindow) => rollupRawNeeds(w).kpi.some((x) => x.fromMs < h.sinceMs);
  let w = { fromMs: toMs - len, toMs };
  // A live window's start before the raw rows (7 d) moves up to the grid: at most 4 minutes shorter, all from kpi_5m.
  if (notHeld(w)) w = { fromMs: ceilTo(w.fromMs, GRID_MS), toMs };
  if (notHeld(w)) return null;
  const usage = rollupRawNeeds(w).usage.find((x) => x.fromMs < h.sinceMs) ?? null;
  return { window: w, via: 'rollup', fetchUsage: usage, shortened: false };
}

/** Where a drill-down's parts come from for a window: its series, and its open alarms and accounts (raw rows). */
export interface DetailPlan {
  bucketMs: number;
  series: 'rollup' | 'raw' | 'server';
  lists: 'browser' | 'server';
}

/** About 300 points per chart whatever the window; past 5 minutes a whole number of kpi_5m buckets. */
export function bucketMsFor(w: AssuranceWindow): number {
  const minutes = Math.max(1, Math.ceil((w.toMs - w.fromMs) / 300 / 60_000));
  const grid = GRID_MS / 60_000;
  return (minutes > grid ? ceilTo(minutes, grid) : minutes) * 60_000;
}

export function planDetail(w: AssuranceWindow, h: { sinceMs: number; rollups: boolean }): DetailPlan {
  const bucketMs = bucketMsFor(w);
  const held = w.fromMs >= h.sinceMs;
  // Series buckets of whole kpi_5m buckets; the window's cut edges (live ends) are raw rows the browser must hold.
  const edgesHeld = (w.fromMs % GRID_MS === 0 || w.fromMs >= h.sinceMs) && (w.toMs % GRID_MS === 0 || floorTo(w.toMs, GRID_MS) >= h.sinceMs);
  const series = h.rollups && bucketMs % GRID_MS === 0 && edgesHeld ? 'rollup' : held ? 'raw' : 'server';
  return { bucketMs, series, lists: held ? 'browser' : 'server' };
}
