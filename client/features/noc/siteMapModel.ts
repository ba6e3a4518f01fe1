// Pure model of the NOC map: joins sites, assurance and live state into map points; colours, filters and ranking.
import type { SiteAssuranceWithTrend } from '../../../domain/assurance/fleetAssurance.js';
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

export type AssuranceLevel = 'no_data' | 'met' | 'at_risk' | 'degraded' | 'breached';

export interface SitePoint extends SiteMeta {
  level: AssuranceLevel;
  assurance: SiteAssuranceWithTrend | null;
  live: SiteLive;
  /** Token revenue (fen) of accounts served here whose SLA is breached or predicted to breach. */
  revenueAtRiskFen: number;
  /** Token revenue (fen) of all accounts served here in the window. */
  revenueFen: number;
}

/**
 * no data: grey; met and not trending to breach: green; met but predicted to breach: amber;
 * below objective but not breaching now: orange; breaching now or below 95 %: red.
 */
export function assuranceLevel(a: SiteAssuranceWithTrend | null): AssuranceLevel {
  if (!a || a.objectiveMet === null) return 'no_data';
  const breachingNow = a.classes.some((c) => c.breachingNow);
  if (breachingNow || (a.assurancePct !== null && a.assurancePct < 95)) return 'breached';
  if (!a.objectiveMet) return 'degraded';
  if (a.minutesToBreach !== null) return 'at_risk';
  return 'met';
}

export const LEVEL_COLORS: Readonly<Record<AssuranceLevel, [number, number, number]>> = {
  no_data: [125, 138, 154],
  met: [61, 220, 132],
  at_risk: [255, 210, 64],
  degraded: [255, 140, 32],
  breached: [255, 84, 104],
};

export const LEVEL_LABELS: Readonly<Record<AssuranceLevel, string>> = {
  no_data: 'no data', met: 'objective met', at_risk: 'predicted breach', degraded: 'below objective', breached: 'breaching',
};

export interface SiteFilter {
  region: string | null;
  province: string | null;
  tech: string | null;
  onlyBreaching: boolean;
}

export const NO_FILTER: SiteFilter = { region: null, province: null, tech: null, onlyBreaching: false };

/** "Only breaching" keeps sites below objective, breaching now or predicted to breach. */
export function filterSites(points: readonly SitePoint[], f: SiteFilter): SitePoint[] {
  return points.filter((p) =>
    (f.region === null || p.region === f.region)
    && (f.province === null || p.province === f.province)
    && (f.tech === null || p.tech === f.tech)
    && (!f.onlyBreaching || p.level === 'breached' || p.level === 'degraded' || p.level === 'at_risk'));
}

/** Sites to fix first: revenue at risk, then credits owed, then lowest assurance. */
export function rankSitesToFix(points: readonly SitePoint[], limit = 12): SitePoint[] {
  return points
    .filter((p) => p.level !== 'met' && p.level !== 'no_data')
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

export function buildSitePoints(
  sites: readonly SiteMeta[], assurance: readonly SiteAssuranceWithTrend[], live: ReadonlyMap<number, SiteLive>,
  revenue: ReadonlyMap<number, { revenueFen: number; atRiskFen: number }>,
): SitePoint[] {
  const bySite = new Map(assurance.map((a) => [a.siteId, a]));
  return sites.map((s) => {
    const a = bySite.get(s.siteId) ?? null;
    const r = revenue.get(s.siteId);
    return {
      ...s, assurance: a, level: assuranceLevel(a),
      live: live.get(s.siteId) ?? { activeUsers: 0, openAlarms: 0, worstSeverity: null },
      revenueFen: r?.revenueFen ?? 0, revenueAtRiskFen: r?.atRiskFen ?? 0,
    };
  });
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
