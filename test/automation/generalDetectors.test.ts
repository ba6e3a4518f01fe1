// Detectors that generalise: calendar-aware weekly seasonality, warm-up, two-sided scale-free scores, noise regimes,
// and multivariate evidence (which KPIs moved, how far).
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CN_CALENDAR_2026, dayTypeOf, restDaySql } from '../../pipelines/detect/dayCalendar.js';
import { KPI_FIELDS, type KpiField } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { adverseScore, describeMoved, movedMetrics } from '../../pipelines/detect/metricScores.js';
import { baselineFromColumns, MIN_READY_SAMPLES, type SeasonalBaseline } from '../../pipelines/detect/seasonalBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import type { SiteMeta } from '../../pipelines/detect/siteFeatures.js';
import { MIN } from './automationFixtures.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BJ = (iso: string) => Date.parse(`${iso}+08:00`);

describe('day calendar', () => {
  it('weekends, public holidays and make-up working days, by the operator\'s local date', () => {
    expect(dayTypeOf(BJ('2026-11-02T09:00:00'), CN_CALENDAR_2026)).toBe('workday'); // Monday
    expect(dayTypeOf(BJ('2026-11-01T09:00:00'), CN_CALENDAR_2026)).toBe('restday'); // Sunday
    expect(dayTypeOf(BJ('2026-10-01T09:00:00'), CN_CALENDAR_2026)).toBe('restday'); // National Day, a Thursday
    expect(dayTypeOf(BJ('2026-10-10T09:00:00'), CN_CALENDAR_2026)).toBe('workday'); // Saturday made a working day
    // 17:00 UTC on Saturday 31 Oct is 01:00 on Sunday 1 Nov in Beijing.
    expect(dayTypeOf(Date.parse('2026-10-31T15:59:00Z'), CN_CALENDAR_2026)).toBe('restday');
    expect(dayTypeOf(Date.parse('2026-11-01T16:00:00Z'), CN_CALENDAR_2026)).toBe('workday');
  });

  it('the DuckDB expression agrees with the JS rule every hour from September to November', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const from = Date.parse('2026-09-01T00:00:00Z');
    const hours = 91 * 24;
    const r = await conn.runAndReadAll(`SELECT ${restDaySql('t', CN_CALENDAR_2026)} AS rest
      FROM (SELECT make_timestamp_ms(${from} + i * ${HOUR}) AS t, i FROM range(${hours}) r(i)) ORDER BY i`);
    const sql = (r.getColumnsObjectJS() as { rest: number[] }).rest.map(Number);
    conn.closeSync(); db.closeSync();
    const js = Array.from({ length: hours }, (_, i) => (dayTypeOf(from + i * HOUR, CN_CALENDAR_2026) === 'restday' ? 1 : 0));
    expect(sql).toEqual(js);
    expect(js.filter((x) => x === 1).length).toBeGreaterThan(24 * 20); // weekends + Golden Week really are in there
  });
});

const SITE: SiteMeta = { site_id: 7, name: 'S7', tech: '5G', region: 'East', province: 'P', transport_node_id: 1 };

/** 14 days of one site's KPIs every minute: latency `lat(ms)`, other KPIs flat with a small deterministic wiggle. */
function history(fromMs: number, days: number, lat: (ms: number, i: number) => number): KpiColumns {
  const n = days * 1440;
  const c: Record<string, number[]> = { ts: [], site_id: [] };
  for (const k of KPI_FIELDS) c[k] = [];
  for (let i = 0; i < n; i++) {
    const ms = fromMs + i * MIN;
    const w = ((i * 7919) % 13) / 13 - 0.5; // -0.5 .. 0.46, symmetric enough
    c.ts!.push(ms); c.site_id!.push(SITE.site_id);
    c.latency_ms!.push(lat(ms, i) + w); c.jitter_ms!.push(2 + w * 0.4); c.loss_pct!.push(0.1 + w * 0.04);
    c.dl_mbps!.push(500 + w * 20); c.ul_mbps!.push(80 + w * 4); c.prb_util!.push(0.4 + w * 0.02); c.active_users!.push(100 + w * 8);
  }
  return c as unknown as KpiColumns;
}

function detectorAt(b: SeasonalBaseline, ms: number, kpi: Partial<Record<KpiField, number>>) {
  const d = new SiteDetector([SITE]);
  d.baseline = b;
  d.addKpiRows([{ ts: ms, site_id: SITE.site_id, latency_ms: 10, jitter_ms: 2, loss_pct: 0.1, dl_mbps: 500, ul_mbps: 80, prb_util: 0.4, active_users: 100, ...kpi }]);
  return d.featuresAt(Math.floor(ms / MIN))[0]!;
}

describe('seasonality, warm-up, two-sided and scale-free scores', () => {
  // Two weeks from Monday 12 Oct 2026 (Beijing): rest days run at 20 ms, working days at 10 ms.
  const from = BJ('2026-10-12T00:00:00');
  const b = baselineFromColumns([SITE.site_id], history(from, 14, (ms) => (dayTypeOf(ms, CN_CALENDAR_2026) === 'restday' ? 20 : 10)), from, from + 14 * DAY);

  it('judges a rest day against rest days and a working day against working days', () => {
    const sunday = BJ('2026-10-25T10:00:00'), monday = BJ('2026-10-26T10:00:00');
    expect(detectorAt(b, sunday, { latency_ms: 20 }).latency_z).toBeLessThan(1);
    expect(detectorAt(b, sunday, { latency_ms: 20 }).day_type).toBe('restday');
    expect(detectorAt(b, monday, { latency_ms: 20 }).latency_z).toBeGreaterThan(10);
    expect(detectorAt(b, monday, { latency_ms: 10 }).latency_z).toBeLessThan(1);
    // Latency has a (weekly) shape, so it is judged by slot; downlink has none, so slots would only add noise: flat.
    expect([b.seasonal.latency_ms[0], b.seasonal.dl_mbps[0]]).toEqual([1, 0]);
    // Without the day-type layer (all days together: median 10 ms) the rest day would look like an incident.
    const allDays = { ...b, typed: { ...b.typed, days: new Float64Array(b.typed.days.length) } };
    expect(detectorAt(allDays, sunday, { latency_ms: 20 }).latency_z).toBeGreaterThan(10);
  });

  it('says "not enough history" instead of guessing: every score 0 and baseline_ready false', () => {
    const start = BJ('2026-10-12T00:00:00');
    const short = baselineFromColumns([SITE.site_id], history(start, 1, () => 10), start, start + (MIN_READY_SAMPLES - 1) * MIN);
    const f = detectorAt(short, start + 5 * MIN + DAY, { latency_ms: 80, dl_mbps: 1 });
    expect(f.baseline_ready).toBe(false);
    expect([f.latency_z, f.latency_score, f.dl_score, f.anomaly_score, f.kpis_moved]).toEqual([0, 0, 0, 0, 0]);
  });

  it('throughput falling away is adverse, a surge is not; users are judged both ways', () => {
    const t = BJ('2026-10-26T10:00:00');
    const drop = detectorAt(b, t, { dl_mbps: 50, ul_mbps: 8 });
    expect(drop.dl_score).toBeLessThan(-10);
    expect(drop.drop_score).toBe(Math.max(-drop.dl_score, -drop.ul_score));
    expect(drop.anomaly_score).toBe(drop.drop_score);
    expect(drop.kpis_moved).toBe(2);
    expect(drop.moved_kpis).toMatch(/^(dl_mbps|ul_mbps) −\d+\.\d, (dl_mbps|ul_mbps) −\d+\.\d$/);
    const surge = detectorAt(b, t, { dl_mbps: 2000 });
    expect(surge.dl_score).toBeGreaterThan(10);
    expect([surge.anomaly_score < 1, surge.drop_score, surge.kpis_moved]).toEqual([true, 0, 0]);
    expect(detectorAt(b, t, { active_users: 400 }).anomaly_score).toBeGreaterThan(10);
    expect(detectorAt(b, t, { active_users: 5 }).drop_score).toBeGreaterThan(10);
  });

  it('divides by the series\' own noise regime: a spiky series needs a bigger excursion for the same score', () => {
    const start = BJ('2026-10-12T00:00:00');
    const quiet = baselineFromColumns([SITE.site_id], history(start, 7, () => 10), start, start + 7 * DAY);
    // Same core noise, but 1 sample in 25 spikes by +8 ms: MAD barely moves, the tail is heavy.
    const spiky = baselineFromColumns([SITE.site_id], history(start, 7, (_, i) => (i % 25 === 0 ? 18 : 10)), start, start + 7 * DAY);
    expect(quiet.noise.latency_ms[0]).toBe(1);
    expect(spiky.noise.latency_ms[0]).toBeGreaterThan(2);
    const t = start + 7 * DAY + 600 * MIN;
    const fq = detectorAt(quiet, t, { latency_ms: 15 }), fs = detectorAt(spiky, t, { latency_ms: 15 });
    expect(fq.latency_score).toBeCloseTo(fq.latency_z, 1);
    expect(fs.latency_score).toBeCloseTo(fs.latency_z / spiky.noise.latency_ms[0]!, 1);
    expect(fs.latency_score).toBeLessThan(fq.latency_score / 2);
  });
});

describe('multivariate evidence', () => {
  it('lists the metrics that moved in their adverse direction, worst first, and counts them', () => {
    expect([adverseScore(5, 'rise'), adverseScore(-5, 'rise'), adverseScore(-5, 'drop'), adverseScore(-5, 'both')]).toEqual([5, 0, 5, 5]);
    const r = movedMetrics(['a', 'b', 'c', 'd'], [6.2, -9, 3.9, 4], ['rise', 'drop', 'rise', 'both']);
    expect([r.worst, r.second]).toEqual([9, 6.2]);
    expect(r.moved).toEqual([{ metric: 'b', score: -9 }, { metric: 'a', score: 6.2 }, { metric: 'd', score: 4 }]);
    expect(describeMoved(r.moved)).toBe('b −9.0, a +6.2, d +4.0');
    expect(describeMoved(r.moved, 1)).toBe('b −9.0 (+2 more)');
  });
});
