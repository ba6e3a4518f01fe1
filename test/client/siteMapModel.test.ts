// The NOC map model: assurance levels (colours), filters, ranking and marker sizes on hand-built sites.
import { describe, expect, it } from 'vitest';
import { assuranceLevel, filterSites, markerRadiusPx, rankSitesToFix, NO_FILTER, type SitePoint } from '../../client/features/noc/siteMapModel.js';
import type { SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';

function a(p: Partial<SiteAssuranceWithTrend> & { breachingNow?: boolean }): SiteAssuranceWithTrend {
  return {
    siteId: 1, dataStatus: 'complete', expectedMinutes: 60, measuredMinutes: 60, coveragePct: 100, currentP95LatencyMs: 10,
    classes: [{ breachingNow: p.breachingNow ?? false } as SiteAssuranceWithTrend['classes'][number]],
    assurancePct: 100, uplinkAssurancePct: null, strictestSlaMs: 30, breachMinutes: 0, objectiveMet: true, creditsFen: 0, minutesToBreach: null, ...p,
  };
}
function pt(id: number, level: SitePoint['level'], extra: Partial<SitePoint> = {}): SitePoint {
  return {
    siteId: id, name: `s${id}`, city: 'c', province: id % 2 ? 'Hubei' : 'Sichuan', region: id % 2 ? 'South Central' : 'Southwest', lat: 30, lon: 110,
    tech: id % 3 ? '5G' : 'LTE', transportNodeId: 1, level, assurance: null, live: { activeUsers: 0, openAlarms: 0, worstSeverity: null },
    revenueFen: 0, revenueAtRiskFen: 0, ...extra,
  };
}

describe('site map model', () => {
  it('levels: no data, met, predicted, below objective, breaching', () => {
    expect(assuranceLevel(null)).toBe('no_data');
    expect(assuranceLevel(a({ objectiveMet: null, assurancePct: null }))).toBe('no_data');
    expect(assuranceLevel(a({}))).toBe('met');
    expect(assuranceLevel(a({ minutesToBreach: 12 }))).toBe('at_risk');
    expect(assuranceLevel(a({ objectiveMet: false, assurancePct: 98 }))).toBe('degraded');
    expect(assuranceLevel(a({ objectiveMet: false, assurancePct: 94 }))).toBe('breached');
    expect(assuranceLevel(a({ breachingNow: true }))).toBe('breached');
  });

  it('filters by province, tech and only-breaching', () => {
    const pts = [pt(1, 'met'), pt(2, 'breached'), pt(3, 'at_risk'), pt(4, 'no_data'), pt(5, 'degraded')];
    expect(filterSites(pts, { ...NO_FILTER, province: 'Hubei' }).map((p) => p.siteId)).toEqual([1, 3, 5]);
    expect(filterSites(pts, { ...NO_FILTER, tech: 'LTE' }).map((p) => p.siteId)).toEqual([3]);
    expect(filterSites(pts, { ...NO_FILTER, onlyBreaching: true }).map((p) => p.siteId)).toEqual([2, 3, 5]);
  });

  it('ranks by revenue at risk, then credits, then lowest assurance; healthy sites are not listed', () => {
    const pts = [
      pt(1, 'met', { revenueAtRiskFen: 999 }),
      pt(2, 'degraded', { revenueAtRiskFen: 10, assurance: a({ creditsFen: 5, assurancePct: 99 }) }),
      pt(3, 'breached', { revenueAtRiskFen: 10, assurance: a({ creditsFen: 50, assurancePct: 90 }) }),
      pt(4, 'at_risk', { revenueAtRiskFen: 30 }),
    ];
    expect(rankSitesToFix(pts).map((p) => p.siteId)).toEqual([4, 3, 2]);
  });

  it('marker area grows with the value, clamped', () => {
    expect(markerRadiusPx(0, 100)).toBe(3);
    expect(markerRadiusPx(100, 100)).toBe(16);
    expect(markerRadiusPx(25, 100)).toBe(3 + 13 * 0.5);
    expect(markerRadiusPx(5, 0)).toBe(3);
  });
});
