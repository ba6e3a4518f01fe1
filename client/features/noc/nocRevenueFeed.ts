// Rated revenue per (site, tier) for the windows the browser computes, from the server's rating (noc.siteRevenue):
// fetched in the background and never awaited by an assurance refresh (a 7-day rating takes seconds on the server);
// a live window refetches every REVENUE_REFRESH_MS, a replay once. Arrivals are announced by request key.
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import type { SiteTierRevenue } from '../../../domain/assurance/revenueAtRisk.js';

/** Rated revenue changes slowly (the server re-rates every minute). */
export const REVENUE_REFRESH_MS = 30_000;

export interface RevenueState {
  /** Window the figures are for; null before the first rating arrived. */
  window: AssuranceWindow | null;
  revenue: SiteTierRevenue[];
  /** Why the last request failed (the assurance is shown regardless). */
  error: string | null;
}

export type FetchRevenue = (w: AssuranceWindow) => Promise<{ window: AssuranceWindow; revenue: SiteTierRevenue[]; rating: unknown }>;

interface Entry { state: RevenueState; fetchedAtMs: number; pending: boolean }

const NONE: RevenueState = { window: null, revenue: [], error: null };

export class RevenueFeed {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly fetchRevenue: FetchRevenue, private readonly onArrival: (key: string) => void,
    private readonly now: () => number = Date.now, private readonly maxEntries = 16) {}

  /** What is known for the request now; starts a fetch when there is none yet, or a live one has aged. */
  current(key: string, w: AssuranceWindow, live: boolean): RevenueState {
    let e = this.entries.get(key);
    if (!e) {
      e = { state: NONE, fetchedAtMs: -Infinity, pending: false };
      this.entries.set(key, e);
      // Replays keep their figures; the oldest go once there are many.
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    // A replay's rating is final once it has one; a failure or a server not rated yet is asked again later.
    const due = e.fetchedAtMs === -Infinity || ((live || e.state.window === null) && this.now() - e.fetchedAtMs >= REVENUE_REFRESH_MS);
    if (due && !e.pending) this.fetch(key, e, w);
    return e.state;
  }

  private fetch(key: string, e: Entry, w: AssuranceWindow): void {
    e.pending = true;
    this.fetchRevenue(w).then(
      (res) => { e.state = { window: res.rating ? res.window : null, revenue: res.revenue, error: null }; },
      (err: unknown) => { e.state = { ...e.state, error: err instanceof Error ? err.message : String(err) }; },
    ).finally(() => {
      e.pending = false;
      e.fetchedAtMs = this.now();
      if (this.entries.get(key) === e) this.onArrival(key);
    });
  }
}
