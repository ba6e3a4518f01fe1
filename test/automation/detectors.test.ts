// Detectors: robust statistics by hand, the seasonal baseline by two paths (JS and DuckDB SQL), features and correlation.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { KPI_FIELDS } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { linearFit, median, medianAbsoluteDeviation, minutesToBreach, robustZ } from '../../pipelines/detect/robustStats.js';
import { baselineFromColumns, baselineFromSqlColumns, baselineSql, emptyBaseline, noiseSql, SLOTS_PER_DAY, slotOf } from '../../pipelines/detect/seasonalBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import type { SiteMeta } from '../../pipelines/detect/siteFeatures.js';
import { MIN, T0 } from './automationFixtures.js';

describe('robust statistics', () => {
  it('median, MAD and z by hand', () => {
    expect(median([5, 1, 100, 3, 2])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1); // |dev| = 2,1,0,1,97
    expect(robustZ(13, 10, 1, 0.1)).toBeCloseTo(3 / 1.4826, 10);
    expect(robustZ(10.5, 10, 0, 0.25)).toBe(2); // the floor applies when MAD is 0
  });
  it('trend fit and time to breach', () => {
    expect(linearFit([1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1, n: 4 });
    expect(minutesToBreach([10, 12, 14, 16], 30)).toBe(7);
    expect(minutesToBreach([10, 10, 10, 10], 30)).toBe(Infinity);
    expect(minutesToBreach([28, 30, 32, 34], 30)).toBe(0);
    expect(minutesToBreach([10, NaN, 14, 16], 30)).toBe(7); // gaps are skipped, x keeps its minute
  });
});

/** Deterministic pseudo-random KPI rows for 2 sites over 2 days. */
function syntheticKpi(): KpiColumns & { ts: number[] } {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const c: Record<string, number[]> = { ts: [], site_id: [] };
  for (const k of KPI_FIELDS) c[k] = [];
  for (let m = 0; m < 2 * 1440; m += 7) for (const site of [3, 9]) {
    c.ts!.push(T0 + m * MIN); c.site_id!.push(site);
    for (const k of KPI_FIELDS) c[k]!.push(Math.round(rnd() * 1000) / 10 + site);
  }
  return c as unknown as KpiColumns & { ts: number[] };
}

describe('seasonal baseline', () => {
  it('the DuckDB SQL path and the JS path agree on every site x slot median and MAD, per day type, with counts and noise', async () => {
    const cols = syntheticKpi();
    const js = baselineFromColumns([3, 9], cols, T0, T0 + 2 * 86_400_000);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`CREATE TABLE k (ts TIMESTAMP, site_id INTEGER, ${KPI_FIELDS.map((k) => `${k} DOUBLE`).join(', ')})`);
    const values = cols.ts.map((t, i) => `(make_timestamp_ms(${t}), ${cols.site_id[i]}, ${KPI_FIELDS.map((k) => cols[k][i]).join(', ')})`);
    await conn.run(`INSERT INTO k VALUES ${values.join(', ')}`);
    const r = await conn.runAndReadAll(baselineSql('k', T0, T0 + 2 * 86_400_000));
    const n = await conn.runAndReadAll(noiseSql('k', T0, T0 + 2 * 86_400_000));
    const sql = baselineFromSqlColumns([3, 9], r.getColumnsObjectJS() as Record<string, unknown[]>, T0, T0 + 2 * 86_400_000,
      n.getColumnsObjectJS() as Record<string, unknown[]>);
    conn.closeSync(); db.closeSync();
    let compared = 0;
    for (const k of KPI_FIELDS) for (let i = 0; i < 2 * SLOTS_PER_DAY; i++) {
      expect(Number.isNaN(sql.median[k][i]!)).toBe(Number.isNaN(js.median[k][i]!));
      if (Number.isNaN(js.median[k][i]!)) continue;
      expect(sql.median[k][i]!).toBeCloseTo(js.median[k][i]!, 9);
      expect(sql.mad[k][i]!).toBeCloseTo(js.mad[k][i]!, 9);
      compared++;
    }
    expect(compared).toBe(KPI_FIELDS.length * 2 * SLOTS_PER_DAY);
    expect([...sql.samples]).toEqual([...js.samples]);
    expect([...sql.typed.days]).toEqual([...js.typed.days]);
    let typed = 0;
    for (const k of KPI_FIELDS) {
      for (let i = 0; i < sql.typed.median[k].length; i++) {
        expect(Number.isNaN(sql.typed.median[k][i]!)).toBe(Number.isNaN(js.typed.median[k][i]!));
        if (Number.isNaN(js.typed.median[k][i]!)) continue;
        expect(sql.typed.median[k][i]!).toBeCloseTo(js.typed.median[k][i]!, 9);
        expect(sql.typed.mad[k][i]!).toBeCloseTo(js.typed.mad[k][i]!, 9);
        typed++;
      }
      for (let s = 0; s < 2; s++) {
        expect(sql.noise[k][s]!).toBeCloseTo(js.noise[k][s]!, 9);
        expect(sql.flat.median[k][s]!).toBeCloseTo(js.flat.median[k][s]!, 9);
        expect(sql.flat.mad[k][s]!).toBeCloseTo(js.flat.mad[k][s]!, 9);
        expect(sql.seasonal[k][s]).toBe(js.seasonal[k][s]);
      }
    }
    // T0 is a Wednesday (2030-01-02): two working days, so only the workday layer has data.
    expect(typed).toBe(KPI_FIELDS.length * 2 * SLOTS_PER_DAY);
  });
});

describe('site features', () => {
  const sites: SiteMeta[] = [0, 1, 2, 3].map((id) => ({ site_id: id, name: `S${id}`, tech: '5G', region: 'East', province: 'P', transport_node_id: id < 3 ? 5 : 6 }));
  function detector(latency: (site: number, m: number) => number, minutes: number): SiteDetector {
    const d = new SiteDetector(sites);
    const b = emptyBaseline(sites.map((s) => s.site_id));
    for (const k of KPI_FIELDS) { b.median[k].fill(k === 'latency_ms' ? 10 : 1); b.mad[k].fill(k === 'latency_ms' ? 0.5 : 0.1); }
    b.samples.fill(100);
    d.baseline = b;
    for (let m = 0; m < minutes; m++) for (const s of sites) {
      d.addKpiRows([{ ts: T0 + m * MIN, site_id: s.site_id, latency_ms: latency(s.site_id, m), jitter_ms: 1, loss_pct: 1, dl_mbps: 1, ul_mbps: 1, prb_util: 1, active_users: 1 }]);
    }
    return d;
  }

  it('scores latency against the baseline, fits the trend and correlates sites of one transport node', () => {
    // Sites 0 and 1 ramp +1 ms/min from minute 10 (node 5 of 3 sites); sites 2 and 3 stay flat.
    const d = detector((s, m) => (s <= 1 && m >= 10 ? 10 + (m - 9) : 10), 20);
    const M0 = T0 / MIN;
    let f = d.featuresAt(M0 + 10);
    f = d.featuresAt(M0 + 11);
    f = d.featuresAt(M0 + 12);
    const s0 = f[0]!;
    const sigma = 0.5 * 1.4826;
    expect(s0.latency_excess_ms).toBe(3);
    expect(s0.latency_z).toBeCloseTo(Math.round((3 / sigma) * 100) / 100, 10);
    expect(s0.anomalous_minutes).toBe(1); // minute 11: excess 2 -> z 2.70 < 4; minute 12: excess 3 -> z 4.05
    // Trend over minutes 3..12: flat 10 then 11, 12, 13 -> least squares by hand.
    const y = [10, 10, 10, 10, 10, 10, 10, 11, 12, 13];
    const xm = 4.5, ym = y.reduce((a, b) => a + b) / 10;
    const slope = y.reduce((a, v, i) => a + (i - xm) * (v - ym), 0) / y.reduce((a, _, i) => a + (i - xm) ** 2, 0);
    expect(s0.latency_slope_ms_per_min).toBeCloseTo(Math.round(slope * 100) / 100, 10);
    expect(s0.time_to_breach_min).toBeCloseTo(Math.round(((30 - (ym + slope * (9 - xm))) / slope) * 100) / 100, 1);
    expect(f[2]!.latency_z).toBe(0);
    // Both ramping sites crossed z 4 at minute 12: 2 of the node's 3 sites -> one node-level incident.
    expect([s0.node_sites, s0.node_anomalous_sites, s0.node_correlated]).toEqual([3, 2, true]);
    f = d.featuresAt(M0 + 13); // excess 4 -> z 5.4 for sites 0 and 1; site 2 flat
    expect([f[0]!.node_anomalous_sites, f[0]!.node_anomalous_share, f[0]!.node_correlated]).toEqual([2, 0.67, true]);
    expect([f[3]!.node_sites, f[3]!.node_anomalous_sites, f[3]!.node_correlated]).toEqual([1, 0, false]);
  });

  it('reports has_data false for a minute without a sample, and the slot of a time of day', () => {
    const d = detector(() => 10, 5);
    expect(d.featuresAt(T0 / MIN + 7).every((x) => !x.has_data)).toBe(true);
    expect(slotOf(T0 + 15 * MIN)).toBe(1);
    expect(slotOf(T0 + 1439 * MIN)).toBe(SLOTS_PER_DAY - 1);
  });
});
