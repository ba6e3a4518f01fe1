// The NOC page model on hand-built sites: one status per site, filters, the selection's figures (status counts equal to
// the map's dots, pro-rated credits, revenue at risk), ranking, search in both languages, zoom bounds and marker sizes.
import { describe, expect, it } from 'vitest';
import {
  NO_FILTER, buildSitePoints, filterSites, markerRadiusPx, rankSitesToFix, searchSites, selectionFigures, siteBounds, type SiteMeta, type SitePoint,
} from '../../client/features/noc/siteMapModel.js';
import { placeNames } from '../../client/i18n/placeNames.js';
import type { SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';
import type { ClassAssurance } from '../../domain/assurance/latencyAssurance.js';

const jan15 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function cls(p: Partial<ClassAssurance>): ClassAssurance {
  return {
    tierId: 1, name: 't', latencySlaMs: 30, uplinkSlaMbps: null, accounts: 1, compliantMinutes: 60, breachMinutes: 0, assurancePct: 100,
    uplinkCompliantMinutes: null, uplinkAssurancePct: null, objectiveMet: true, breachingNow: false, creditPct: 0, creditFen: 0, ...p,
  };
}
function a(siteId: number, p: Partial<SiteAssuranceWithTrend> = {}, classes: ClassAssurance[] = [cls({})]): SiteAssuranceWithTrend {
  return {
    siteId, dataStatus: 'complete', expectedMinutes: 60, measuredMinutes: 60, coveragePct: 100, currentP95LatencyMs: 10, classes,
    assurancePct: 100, uplinkAssurancePct: null, strictestSlaMs: 30, breachMinutes: 0, objectiveMet: true, creditsFen: classes.reduce((n, c) => n + c.creditFen, 0),
    minutesToBreach: null, ...p,
  };
}
const CITIES: Array<[string, string, string, number, number]> = [
  ['Wuhan', 'Hubei', 'South Central', 30.6, 114.3], ['Chengdu', 'Sichuan', 'Southwest', 30.7, 104.1],
  ['Yichang', 'Hubei', 'South Central', 30.7, 111.3], ['Beijing', 'Beijing', 'North', 39.9, 116.4],
];
function meta(id: number): SiteMeta {
  const [city, province, region, lat, lon] = CITIES[id % CITIES.length]!;
  return { siteId: id, name: `${city}-5G-${String(id).padStart(4, '0')}`, city, province, region, lat, lon, tech: id % 3 ? '5G' : 'LTE', transportNodeId: 1 };
}

/** Eight sites, every status: 0 met, 1 breaching, 2 below (latency), 3 at risk, 4 no data, 5 below (uplink), 6 met, 7 no assurance row. */
function fleet(): SitePoint[] {
  const sites = Array.from({ length: 8 }, (_, i) => meta(i));
  const as = [
    a(0),
    a(1, { currentP95LatencyMs: 48 }, [cls({ breachingNow: true })]),
    a(2, { assurancePct: 97.25, objectiveMet: false }, [cls({ assurancePct: 97.25, objectiveMet: false, creditPct: 25, creditFen: 3100 })]),
    a(3, { minutesToBreach: 12 }),
    a(4, { assurancePct: null, objectiveMet: null, measuredMinutes: 0, dataStatus: 'no_data' }),
    a(5, { uplinkAssurancePct: 98, objectiveMet: false }, [cls({ uplinkSlaMbps: 50, uplinkAssurancePct: 98, objectiveMet: false, creditPct: 25, creditFen: 6200 })]),
    a(6),
  ];
  const revenue = new Map([[1, { revenueFen: 1000, atRiskFen: 1000 }], [2, { revenueFen: 800, atRiskFen: 500 }], [3, { revenueFen: 300, atRiskFen: 300 }], [0, { revenueFen: 50, atRiskFen: 0 }]]);
  return buildSitePoints(sites, as, new Map(), revenue, { fromMs: jan15, toMs: jan15 + DAY });
}

describe('site map model', () => {
  it('each site gets one status from siteStatusOf, with its cause', () => {
    expect(fleet().map((p) => [p.siteId, p.status.status, p.status.cause])).toEqual([
      [0, 'met', 'latency_assurance'], [1, 'breaching', 'latency_now'], [2, 'below_objective', 'latency_assurance'], [3, 'at_risk', 'latency_trend'],
      [4, 'no_data', null], [5, 'below_objective', 'uplink_assurance'], [6, 'met', 'latency_assurance'], [7, 'no_data', null],
    ]);
  });

  it('filters by region, province, tech and only-problems', () => {
    const pts = fleet();
    expect(filterSites(pts, { ...NO_FILTER, province: 'Hubei' }).map((p) => p.siteId)).toEqual([0, 2, 4, 6]);
    expect(filterSites(pts, { ...NO_FILTER, region: 'Southwest' }).map((p) => p.siteId)).toEqual([1, 5]);
    expect(filterSites(pts, { ...NO_FILTER, tech: 'LTE' }).map((p) => p.siteId)).toEqual([0, 3, 6]);
    expect(filterSites(pts, { ...NO_FILTER, onlyProblems: true }).map((p) => p.siteId)).toEqual([1, 2, 3, 5]);
  });

  it('the figures of a selection: a count per status, credits pro-rated (and monthly), revenue at risk — per filter', () => {
    const all = selectionFigures(fleet());
    expect(all.counts).toEqual({ breaching: 1, below_objective: 2, at_risk: 1, met: 2, no_data: 2 });
    expect(all.sites).toBe(8);
    // A whole January day: 3100 / 31 = 100 fen, 6200 / 31 = 200 fen.
    expect(all.creditsMonthlyFen).toBe(9300);
    expect(all.creditsWindowFen).toBe(300);
    expect(all.revenueAtRiskFen).toBe(1800);
    expect(all.revenueFen).toBe(2150);
    const hubei = selectionFigures(filterSites(fleet(), { ...NO_FILTER, province: 'Hubei' }));
    expect(hubei.counts).toEqual({ breaching: 0, below_objective: 1, at_risk: 0, met: 2, no_data: 1 });
    expect([hubei.creditsWindowFen, hubei.creditsMonthlyFen, hubei.revenueAtRiskFen, hubei.revenueFen]).toEqual([100, 3100, 500, 850]);
    const southwest = selectionFigures(filterSites(fleet(), { ...NO_FILTER, region: 'Southwest' }));
    expect(southwest.counts).toEqual({ breaching: 1, below_objective: 1, at_risk: 0, met: 0, no_data: 0 });
    expect(southwest.creditsWindowFen).toBe(200);
  });

  it('without a window, nothing is pro-rated', () => {
    const p = buildSitePoints([meta(2)], [a(2, { objectiveMet: false }, [cls({ objectiveMet: false, creditPct: 10, creditFen: 500 })])], new Map(), new Map());
    expect(p[0]!.creditsWindowFen).toBe(0);
  });

  it('ranks sites needing attention by revenue at risk, then credits, then lowest assurance; healthy and no-data sites are not listed', () => {
    expect(rankSitesToFix(fleet()).map((p) => p.siteId)).toEqual([1, 2, 3, 5]);
    expect(rankSitesToFix(fleet(), 2).map((p) => p.siteId)).toEqual([1, 2]);
  });

  it('search: exact id first, then name prefix, then name, city or province, in English or Chinese', () => {
    const pts = fleet();
    const zh = placeNames('zh-CN');
    expect(searchSites(pts, '#3').map((p) => p.siteId)).toEqual([3]);
    expect(searchSites(pts, '3')[0]!.siteId).toBe(3);
    expect(searchSites(pts, 'wuhan').map((p) => p.siteId)).toEqual([0, 4]);
    expect(searchSites(pts, 'hubei').map((p) => p.siteId)).toEqual([0, 2, 4, 6]);
    expect(searchSites(pts, '武汉', zh).map((p) => p.siteId)).toEqual([0, 4]);
    expect(searchSites(pts, '湖北', zh).map((p) => p.siteId)).toEqual([0, 2, 4, 6]);
    expect(searchSites(pts, '  ')).toEqual([]);
    expect(searchSites(pts, 'nowhere')).toEqual([]);
  });

  it('zoom bounds: the box around the sites, widened for a single site; none without sites', () => {
    expect(siteBounds([])).toBeNull();
    const b = siteBounds(filterSites(fleet(), { ...NO_FILTER, province: 'Hubei' }))!;
    expect(b.west).toBeCloseTo(111.3, 9); expect(b.east).toBeCloseTo(114.3, 9);
    expect(b.south).toBeCloseTo(30.6 - 0.7, 9); expect(b.north).toBeCloseTo(30.7 + 0.7, 9);
    expect(siteBounds([{ lon: 100, lat: 30 }], 2)).toEqual({ west: 99, south: 29, east: 101, north: 31 });
  });

  it('marker area grows with the value, clamped', () => {
    expect(markerRadiusPx(0, 100)).toBe(3);
    expect(markerRadiusPx(100, 100)).toBe(16);
    expect(markerRadiusPx(25, 100)).toBe(3 + 13 * 0.5);
    expect(markerRadiusPx(5, 0)).toBe(3);
  });
});
