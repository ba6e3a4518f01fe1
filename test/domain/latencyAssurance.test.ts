// Latency assurance on hand-built cases: every expected number below is worked out by hand in the comment beside it.
import { describe, expect, it } from 'vitest';
import {
  assessSite, countSiteMinutes, creditPctFor, expectedMinutes, roundHalfUpFen, summarizeFleet, type ServedClass,
} from '../../domain/assurance/latencyAssurance.js';
import { fitLatencyTrend, minutesToBreach } from '../../domain/assurance/latencyTrend.js';
import { computeFleetAssurance, servedClassesBySite } from '../../domain/assurance/fleetAssurance.js';
import type { Tier } from '../../schema/tables.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 10, 0);
const glasses: ServedClass = { tierId: 9, name: 'Glasses', latencySlaMs: 30, uplinkSlaMbps: 20, accounts: 2, monthlyFeeFen: 2 * 4990 };
const family: ServedClass = { tierId: 1, name: 'Family', latencySlaMs: 100, uplinkSlaMbps: null, accounts: 3, monthlyFeeFen: 3 * 990 };

/** One sample per minute from T0 with the given latencies (uplink 50 unless given). */
function samples(lat: number[], ul?: number[], startMs = T0) {
  return { tsMs: lat.map((_, i) => startMs + i * MIN), latencyMs: lat, ulMbps: lat.map((_, i) => ul?.[i] ?? 50) };
}
function assess(lat: number[], served: ServedClass[], minutes = lat.length, ul?: number[]) {
  const w = { fromMs: T0, toMs: T0 + minutes * MIN };
  return assessSite(w, countSiteMinutes(7, w, samples(lat, ul), served), served);
}

describe('latency assurance', () => {
  it('all compliant: 100 %, no breach minutes, objective met, no credit', () => {
    const a = assess(Array(10).fill(20), [glasses, family]);
    expect(a.dataStatus).toBe('complete');
    expect(a.assurancePct).toBe(100);
    expect(a.breachMinutes).toBe(0);
    expect(a.objectiveMet).toBe(true);
    expect(a.creditsFen).toBe(0);
    expect(a.strictestSlaMs).toBe(30);
  });

  it('all breached for the 30 ms class only: 0 % there, 100 % for the 100 ms class, 50 % credit of 2 x 49.90', () => {
    const a = assess(Array(10).fill(40), [family, glasses]);
    expect(a.classes.map((c) => [c.tierId, c.assurancePct, c.breachMinutes])).toEqual([[9, 0, 10], [1, 100, 0]]);
    expect(a.assurancePct).toBe(0);
    expect(a.breachMinutes).toBe(10);
    expect(a.objectiveMet).toBe(false);
    expect(a.classes[0]!.breachingNow).toBe(true); // p95 40 > 30
    expect(a.classes[1]!.breachingNow).toBe(false);
    expect(a.creditsFen).toBe(4990); // 9980 x 50 %
  });

  it('gaps: assurance over measured minutes only, coverage shows the gap', () => {
    // 10-minute window, samples in 5 minutes: 4 at 20 ms, 1 at 35 ms -> 4/5 = 80 %, coverage 50 %.
    const w = { fromMs: T0, toMs: T0 + 10 * MIN };
    const s = { tsMs: [0, 2, 4, 6, 8].map((m) => T0 + m * MIN), latencyMs: [20, 20, 35, 20, 20], ulMbps: [50, 50, 50, 50, 50] };
    const a = assessSite(w, countSiteMinutes(1, w, s, [glasses]), [glasses]);
    expect(a.dataStatus).toBe('partial');
    expect(a.coveragePct).toBe(50);
    expect(a.measuredMinutes).toBe(5);
    expect(a.expectedMinutes).toBe(10);
    expect(a.assurancePct).toBe(80);
    expect(a.breachMinutes).toBe(1);
    expect(a.creditsFen).toBe(4990); // 80 % < 95 -> 50 % of 9980
  });

  it('no samples: "no data", never 100 %', () => {
    const a = assess([], [glasses], 60);
    expect(a.dataStatus).toBe('no_data');
    expect(a.assurancePct).toBeNull();
    expect(a.objectiveMet).toBeNull();
    expect(a.classes[0]!.assurancePct).toBeNull();
    expect(a.classes[0]!.objectiveMet).toBeNull();
    expect(a.creditsFen).toBe(0);
    expect(a.currentP95LatencyMs).toBeNull();
  });

  it('samples outside the window are ignored; two samples in one minute count once, by the worst', () => {
    const w = { fromMs: T0, toMs: T0 + 3 * MIN };
    const s = {
      tsMs: [T0 - 1, T0, T0 + 20_000, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN],
      latencyMs: [99, 10, 31, 10, 10, 99],
      ulMbps: [50, 50, 50, 50, 50, 50],
    };
    const c = countSiteMinutes(1, w, s, [glasses]);
    expect(c.measuredMinutes).toBe(3);
    expect(c.byTier.get(9)).toEqual({ latencyCompliant: 2, uplinkCompliant: 3 }); // minute 0 is judged at 31 ms
  });

  it('objective boundary: 199/200 = 99.5 % is met; 994/1000 = 99.4 % owes the 10 % band', () => {
    const lat200 = Array(200).fill(20); lat200[50] = 31;
    expect(assess(lat200, [glasses]).objectiveMet).toBe(true);
    const lat1000 = Array(1000).fill(20); for (const i of [1, 2, 3, 4, 5, 6]) lat1000[i] = 31;
    const a = assess(lat1000, [glasses]);
    expect(a.assurancePct).toBeCloseTo(99.4, 10);
    expect(a.classes[0]!.creditPct).toBe(10);
    expect(a.creditsFen).toBe(998); // 9980 x 10 %
  });

  it('credit bands and half-up rounding per line', () => {
    expect([99.5, 99.49, 99, 98.99, 95, 94.9, 0].map((p) => creditPctFor(p))).toEqual([0, 10, 10, 25, 25, 50, 50]);
    expect(creditPctFor(null)).toBe(0);
    expect(roundHalfUpFen(1247.5)).toBe(1248);
    expect(roundHalfUpFen(249.9)).toBe(250);
    expect(roundHalfUpFen(0.49)).toBe(0);
    // One glasses account (4990 fen) at 97 % -> 25 % -> 1247.5 -> 1248 fen.
    const lat = Array(100).fill(20); lat[0] = lat[1] = lat[2] = 31;
    expect(assess(lat, [{ ...glasses, accounts: 1, monthlyFeeFen: 4990 }]).creditsFen).toBe(1248);
  });

  it('uplink guarantee: 3 of 10 minutes under 20 Mbps -> 70 % uplink assurance, objective missed', () => {
    const ul = [50, 15, 50, 15, 50, 50, 19.99, 50, 20, 50]; // 20.00 exactly meets the guarantee
    const a = assess(Array(10).fill(20), [glasses, family], 10, ul);
    const g = a.classes.find((c) => c.tierId === 9)!;
    expect(g.assurancePct).toBe(100);
    expect(g.uplinkAssurancePct).toBe(70);
    expect(g.objectiveMet).toBe(false);
    expect(g.creditFen).toBe(4990);
    expect(a.classes.find((c) => c.tierId === 1)!.uplinkAssurancePct).toBeNull();
    expect(a.objectiveMet).toBe(false);
  });

  it('current p95 is the nearest-rank p95 of the last 15 minutes', () => {
    // 30 minutes: first 15 at 90 ms, last 15 at 1..15 ms -> rank ceil(0.95*15)=15 -> 15 ms.
    const lat = [...Array(15).fill(90), ...Array.from({ length: 15 }, (_, i) => i + 1)];
    expect(assess(lat, [family]).currentP95LatencyMs).toBe(15);
  });

  it('expected minutes of a window', () => {
    expect(expectedMinutes({ fromMs: T0, toMs: T0 + 60 * MIN })).toBe(60);
    expect(expectedMinutes({ fromMs: T0 + 1, toMs: T0 + 2 * MIN })).toBe(1);
    expect(expectedMinutes({ fromMs: T0, toMs: T0 })).toBe(0);
  });

  it('fleet summary counts below objective, met and no data', () => {
    const sites = [assess(Array(10).fill(20), [glasses]), assess(Array(10).fill(40), [glasses]), assess([], [glasses], 10)];
    expect(summarizeFleet(sites)).toEqual({ sites: 3, belowObjective: 1, met: 1, noData: 1, breachingNow: 1, creditsFen: 4990 });
  });
});

describe('latency trend', () => {
  it('a ramp of 0.5 ms/min from 10 ms reaches 30 ms about 11 minutes after the last of 30 samples', () => {
    const ts = Array.from({ length: 30 }, (_, i) => T0 + i * MIN);
    const lat = ts.map((_, i) => 10 + 0.5 * i); // last = 24.5
    const tr = fitLatencyTrend(ts, lat)!;
    expect(tr.slopeMsPerMin).toBeCloseTo(0.5, 10);
    expect(tr.fittedNowMs).toBeCloseTo(24.5, 10);
    expect(minutesToBreach(tr, 30)).toBeCloseTo(11, 10);
    expect(minutesToBreach(tr, 100)).toBeNull(); // 151 min away: beyond the horizon
    expect(minutesToBreach(tr, 20)).toBe(0);
    expect(minutesToBreach(fitLatencyTrend(ts, ts.map(() => 12)), 30)).toBeNull();
    expect(fitLatencyTrend(ts.slice(0, 3), lat.slice(0, 3))).toBeNull();
  });
});

describe('fleet assurance from fact columns', () => {
  const tiers = [
    { tier_id: 1, name: 'Family', latency_sla_ms: 100, uplink_sla_mbps: null, monthly_fee_fen: 990 },
    { tier_id: 9, name: 'Glasses', latency_sla_ms: 30, uplink_sla_mbps: 20, monthly_fee_fen: 4990 },
  ] as unknown as Tier[];
  const accounts = { account_id: [100, 101, 102], tier_id: [1, 9, 9] };

  it('served classes are the tiers of distinct accounts with usage at the site in the window', () => {
    const w = { fromMs: T0, toMs: T0 + 10 * MIN };
    const usage = { site_id: [5, 5, 5, 5, 6], account_id: [100, 100, 101, 102, 102], ts: [T0, T0 + MIN, T0, T0 + 10 * MIN, T0] };
    const served = servedClassesBySite(w, usage, accounts, tiers);
    // Site 5: account 100 (family) twice, 101 (glasses); 102's event is at the window end (excluded).
    expect(served.get(5)!.sort((a, b) => a.tierId - b.tierId)).toEqual([
      { tierId: 1, name: 'Family', latencySlaMs: 100, uplinkSlaMbps: null, accounts: 1, monthlyFeeFen: 990 },
      { tierId: 9, name: 'Glasses', latencySlaMs: 30, uplinkSlaMbps: 20, accounts: 1, monthlyFeeFen: 4990 },
    ]);
    expect(served.get(6)!.map((c) => [c.tierId, c.accounts])).toEqual([[9, 1]]);
  });

  it('per-site results, including a listed site with no samples, and time to breach of a rising site', () => {
    const w = { fromMs: T0, toMs: T0 + 30 * MIN };
    const ts = Array.from({ length: 30 }, (_, i) => T0 + i * MIN);
    const kpi = {
      site_id: [...ts.map(() => 5), ...ts.map(() => 6)],
      ts: [...ts, ...ts],
      latency_ms: [...ts.map(() => 20), ...ts.map((_, i) => 10 + 0.5 * i)],
      ul_mbps: [...ts.map(() => 50), ...ts.map(() => 50)],
    };
    const served = new Map([[5, [glasses]], [6, [glasses]], [7, [glasses]]]);
    const out = computeFleetAssurance(w, [5, 6, 7], kpi, served);
    expect(out.map((s) => [s.siteId, s.assurancePct, s.dataStatus])).toEqual([[5, 100, 'complete'], [6, 100, 'complete'], [7, null, 'no_data']]);
    expect(out[0]!.minutesToBreach).toBeNull();
    expect(out[1]!.minutesToBreach).toBeCloseTo(11, 6);
  });
});

describe('revenue at risk: which classes count', () => {
  it('below objective, breaching now or predicted to breach (strictest target) count; healthy classes do not', async () => {
    const { revenueAtRiskBySite } = await import('../../domain/assurance/revenueAtRisk.js');

    // Site 1: glasses class (30 ms) all breached, family (100 ms) fine -> only glasses revenue at risk.
    const w = { fromMs: T0, toMs: T0 + 10 * MIN };
    const s1 = { ...assessSite(w, countSiteMinutes(1, w, samples(Array(10).fill(40)), [glasses, family]), [glasses, family]), minutesToBreach: 0 };
    // Site 2: compliant but trending to breach its strictest (30 ms) target -> glasses at risk, family not.
    const s2 = { ...assessSite(w, countSiteMinutes(2, w, samples(Array(10).fill(20)), [glasses, family]), [glasses, family]), siteId: 2, minutesToBreach: 12 };
    // Site 3: healthy, no trend.
    const s3 = { ...s2, siteId: 3, minutesToBreach: null };
    const rev = [
      { siteId: 1, tierId: 1, revenueFen: 100 }, { siteId: 1, tierId: 9, revenueFen: 333 },
      { siteId: 2, tierId: 1, revenueFen: 7 }, { siteId: 2, tierId: 9, revenueFen: 50 },
      { siteId: 3, tierId: 9, revenueFen: 80 },
    ];
    const r = revenueAtRiskBySite([s1, s2, s3], rev);
    expect(r.get(1)).toEqual({ revenueFen: 433, atRiskFen: 333, atRiskTiers: [9] });
    expect(r.get(2)).toEqual({ revenueFen: 57, atRiskFen: 50, atRiskTiers: [9] });
    expect(r.get(3)).toEqual({ revenueFen: 80, atRiskFen: 0, atRiskTiers: [] });
  });
});
