// Pure model of the NOC page: joins sites, assurance and live state into map points with one status each; filters,
// the figures of the selection (status counts, credits, revenue at risk), ranking, search and the map's zoom bounds.
import type { SiteAssuranceWithTrend } from '../../../domain/assurance/fleetAssurance.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { proRatedSiteCreditsFen } from '../../../domain/assurance/creditProration.js';
import { countStatuses, needsAttention, siteStatusOf, type SiteStatusVerdict, type StatusCounts } from '../../../domain/assurance/siteStatus.js';
import type { MaintenanceWindowView } from '../../../schema/maintenance.js';

export interface SiteMeta {
  siteId: number; name: string; city: string; province: string; region: string; lat: number; lon: number; tech: string;
  transportNodeId: number;
}

export interface SiteLive {
  activeUsers: number;
  openAlarms: number;
  /** Highest severity among open alarms. */
  worstSeverity: string | null;
}

export interface SitePoint extends SiteMeta {
  /** The one status (domain/assurance/siteStatus.ts) with the figure that decided it. */
  status: SiteStatusVerdict;
  assurance: SiteAssuranceWithTrend | null;
  live: SiteLive;
  /** Token revenue (fen) of accounts served here whose SLA is breached or predicted to breach. */
  revenueAtRiskFen: number;
  /** Token revenue (fen) of all accounts served here in the window. */
  revenueFen: number;
  /** Credits owed here, each class line's monthly credit pro-rated to the window (creditProration.ts); 0 without a window. */
  creditsWindowFen: number;
}

export interface SiteFilter {
  region: string | null;
  province: string | null;
  tech: string | null;
  /** Keep only sites that need attention: breaching, below objective or predicted to breach. */
  onlyProblems: boolean;
}

export const NO_FILTER: SiteFilter = { region: null, province: null, tech: null, onlyProblems: false };

export function isNoFilter(f: SiteFilter): boolean {
  return f.region === null && f.province === null && f.tech === null && !f.onlyProblems;
}

export function matchesFilter(p: SitePoint, f: SiteFilter): boolean {
  return (f.region === null || p.region === f.region)
    && (f.province === null || p.province === f.province)
    && (f.tech === null || p.tech === f.tech)
    && (!f.onlyProblems || needsAttention(p.status.status));
}

export function filterSites(points: readonly SitePoint[], f: SiteFilter): SitePoint[] {
  return points.filter((p) => matchesFilter(p, f));
}

/** What the cards show for a selection: one count per status (= the dots of that colour on the map) and its money. */
export interface SelectionFigures {
  sites: number;
  counts: StatusCounts;
  /** Monthly credits (the assurance's monthly-fee bands), summed. */
  creditsMonthlyFen: number;
  /** The same credits pro-rated to the window. */
  creditsWindowFen: number;
  revenueAtRiskFen: number;
  revenueFen: number;
}

export function selectionFigures(points: readonly SitePoint[]): SelectionFigures {
  let creditsMonthlyFen = 0, creditsWindowFen = 0, revenueAtRiskFen = 0, revenueFen = 0;
  for (const p of points) {
    creditsMonthlyFen += p.assurance?.creditsFen ?? 0;
    creditsWindowFen += p.creditsWindowFen;
    revenueAtRiskFen += p.revenueAtRiskFen;
    revenueFen += p.revenueFen;
  }
  return { sites: points.length, counts: countStatuses(points.map((p) => p.status.status)), creditsMonthlyFen, creditsWindowFen, revenueAtRiskFen, revenueFen };
}

/** Sites to fix first: only sites that need attention; revenue at risk, then credits owed, then lowest assurance. */
export function rankSitesToFix(points: readonly SitePoint[], limit = 12): SitePoint[] {
  return points
    .filter((p) => needsAttention(p.status.status))
    .sort((a, b) => b.revenueAtRiskFen - a.revenueAtRiskFen
      || (b.assurance?.creditsFen ?? 0) - (a.assurance?.creditsFen ?? 0)
      || (a.assurance?.assurancePct ?? 100) - (b.assurance?.assurancePct ?? 100)
      || a.siteId - b.siteId)
    .slice(0, limit);
}

/** Marker radius in pixels: area proportional to the value, clamped so every site stays clickable. */
export function markerRadiusPx(value: number, maxValue: number, minPx = 3, maxPx = 16): number {
  if (!(maxValue > 0) || !(value > 0)) return minPx;
  return Math.max(minPx, Math.min(maxPx, minPx + (maxPx - minPx) * Math.sqrt(value / maxValue)));
}

/** Map points; `window` is what the assurance covers (credits are pro-rated to it). */
export function buildSitePoints(
  sites: readonly SiteMeta[], assurance: readonly SiteAssuranceWithTrend[], live: ReadonlyMap<number, SiteLive>,
  revenue: ReadonlyMap<number, { revenueFen: number; atRiskFen: number }>, window?: AssuranceWindow,
): SitePoint[] {
  const bySite = new Map(assurance.map((a) => [a.siteId, a]));
  return sites.map((s) => {
    const a = bySite.get(s.siteId) ?? null;
    const r = revenue.get(s.siteId);
    return {
      ...s, assurance: a, status: siteStatusOf(a),
      live: live.get(s.siteId) ?? { activeUsers: 0, openAlarms: 0, worstSeverity: null },
      revenueFen: r?.revenueFen ?? 0, revenueAtRiskFen: r?.atRiskFen ?? 0,
      creditsWindowFen: a && window ? proRatedSiteCreditsFen(a, window) : 0,
    };
  });
}

/** Names a site can be found by: its name, id, city and province in English and in the UI language. */
export interface SiteSearchNames { city(en: string, provinceEn: string): string; province(en: string): string }

/**
 * Sites matching a search (case-insensitive): an exact id (`12` or `#12`) first, then names starting with the text,
 * then names, cities or provinces containing it (English or the localized name).
 */
export function searchSites(points: readonly SitePoint[], query: string, names?: SiteSearchNames, limit = 8): SitePoint[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const id = /^#?\d+$/.test(q) ? Number(q.replace('#', '')) : null;
  const scored: Array<{ p: SitePoint; score: number }> = [];
  for (const p of points) {
    const name = p.name.toLowerCase();
    const hay = [p.city, p.province, names?.city(p.city, p.province) ?? '', names?.province(p.province) ?? ''].map((x) => x.toLowerCase());
    const score = id !== null && p.siteId === id ? 0
      : name.startsWith(q) ? 1
        : name.includes(q) ? 2
          : hay.some((h) => h.startsWith(q)) ? 3
            : hay.some((h) => h.includes(q)) ? 4 : -1;
    if (score >= 0) scored.push({ p, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.p.siteId - b.p.siteId).slice(0, limit).map((x) => x.p);
}

export interface LonLatBounds { west: number; south: number; east: number; north: number }

/** Bounds of the sites, padded so a lone site or a tight cluster is not zoomed to the street; null without sites. */
export function siteBounds(points: readonly Pick<SitePoint, 'lon' | 'lat'>[], minSpanDeg = 1.5): LonLatBounds | null {
  if (!points.length) return null;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const p of points) {
    west = Math.min(west, p.lon); east = Math.max(east, p.lon);
    south = Math.min(south, p.lat); north = Math.max(north, p.lat);
  }
  const padLon = Math.max(0, (minSpanDeg - (east - west)) / 2);
  const padLat = Math.max(0, (minSpanDeg - (north - south)) / 2);
  return { west: west - padLon, south: south - padLat, east: east + padLon, north: north + padLat };
}

/** A maintenance window in force at a site, as the map marks it; `only` names its rule / runbook when it holds just those. */
export interface SiteMaintenance { name: string; endsMs: number; only: string | null }

/**
 * Sites covered by a window in force now: a fleet-wide window (no site matcher) covers every site given; `only`
 * says which alerts it holds there when it also matches a rule or runbook.
 */
export function maintenanceBySite(windows: readonly MaintenanceWindowView[], siteIds: readonly number[]): Map<number, SiteMaintenance[]> {
  const out = new Map<number, SiteMaintenance[]>();
  const known = new Set(siteIds);
  for (const v of windows) {
    if (!v.active) continue;
    const { rule, runbook } = v.window.matchers;
    const only = [rule && `rule ${rule}`, runbook && `runbook ${runbook}`].filter(Boolean).join(', ') || null;
    const mark: SiteMaintenance = { name: v.window.name, endsMs: v.active.endsMs, only };
    for (const id of v.coverage.fleetWide ? siteIds : v.coverage.siteIds) {
      if (!known.has(id)) continue;
      let l = out.get(id);
      if (!l) out.set(id, l = []);
      l.push(mark);
    }
  }
  return out;
}
