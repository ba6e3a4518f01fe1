// Prices a ticket from the real rating: per site, the trailing day's attributed rated revenue (as a rate per hour)
// and the SLA credits its classes would owe. The heal loop must never wait on it, so it answers from a snapshot that
// is refreshed in the background (at most every refreshMs of wall time) and says null until the first one exists.
import type { TicketMoney } from '../../schema/autonomy.js';
import type { NocService, SiteExposure } from '../noc/nocService.js';

const DAY_MS = 86_400_000;
/** Before the first rating (or after a failed refresh), how often to try again. */
const RETRY_MS = 5_000;

export interface ValuerDeps {
  noc: Pick<NocService, 'exposure'>;
  /** The simulated network's present. */
  now: () => number;
  refreshMs?: number;
  onError?: (err: unknown) => void;
}

export class TicketValuer {
  private snap: { bySite: Map<number, SiteExposure>; ratingVersion: number; atWallMs: number } | null = null;
  private refreshing: Promise<void> | null = null;
  /** Wall time of the last refresh started: asked every tick, it still runs at most every few seconds. */
  private lastStartMs = -Infinity;

  constructor(private readonly d: ValuerDeps) {}

  /** Recomputes the snapshot over the trailing 24 h (one at a time). */
  refresh(): Promise<void> {
    if (!this.refreshing) this.lastStartMs = Date.now();
    this.refreshing ??= (async () => {
      try {
        const now = this.d.now();
        const r = await this.d.noc.exposure({ fromMs: now - DAY_MS, toMs: now });
        if (r.rating) this.snap = { bySite: r.bySite, ratingVersion: r.rating.version, atWallMs: Date.now() };
      } catch (err) {
        this.d.onError?.(err);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** The money of a ticket on these sites from the latest snapshot (null before the first rating); kicks a refresh when stale. */
  value = (siteIds: readonly number[]): TicketMoney | null => {
    const stale = !this.snap || Date.now() - this.snap.atWallMs > (this.d.refreshMs ?? 5 * 60_000);
    if (stale && Date.now() - this.lastStartMs > RETRY_MS) void this.refresh();
    const s = this.snap;
    if (!s) return null;
    let revenueFen = 0;
    let credits = 0;
    for (const id of new Set(siteIds)) {
      const e = s.bySite.get(id);
      if (e) { revenueFen += e.revenueFen; credits += e.creditsAtStakeFen; }
    }
    return { revenueAtRiskFenPerHour: Math.round(revenueFen / 24), creditsAtStakeFen: credits, ratingVersion: s.ratingVersion };
  };
}
