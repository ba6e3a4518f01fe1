// The assurance read from rollups (kpi_1h, kpi_5m, usage_site_account_day + raw edges) judges every site exactly as
// the raw SQL (siteMinuteCountsSql / servedClassesSql) and as the server's TS path (NocService over the lake), for
// windows that are whole buckets, cut buckets and days at both ends, sit inside one day, or span the whole lake; and
// stays exact when minutes hold several samples and rollup rows of one key come in parts (live batches).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  SLA_TARGETS_SQL, assuranceFromSqlRows, servedClassesSql, siteMinuteCountsSql, type ServedClassRow, type SiteMinuteCountsRow, type SlaTargets,
} from '../../domain/assurance/assuranceSql.js';
import {
  currentP95IsMax, kpiReadPlan, rollupCanJudge, rollupRawNeeds, servedClassesRollupSql, siteMinuteCountsRollupSql, usageReadPlan,
} from '../../domain/assurance/assuranceRollupSql.js';
import type { SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';
import { DEFAULT_ASSURANCE_POLICY, type AssuranceWindow } from '../../domain/assurance/latencyAssurance.js';
import { readParquetSql } from '../../schema/duckdbSql.js';
import { ROLLUP_NAMES, rollupSelectSql } from '../../schema/rollups.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { LakeReader, listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { listRollupFiles } from '../../pipelines/lake/rollupWriter.js';
import { NocService, type AccountRevenueSource } from '../../server/noc/nocService.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const END = Date.UTC(2026, 0, 15);
const DAYS = 4;
const START = END - DAYS * DAY;

let lakeDir = '';
let db: DuckDBInstance;
let conn: DuckDBConnection;
let lake: LakeReader;
let siteIds: number[] = [];
let targets: SlaTargets = { latencyMs: [], uplinkMbps: [] };
const noRating: AccountRevenueSource = { revenueByAccount: () => new Map(), status: () => ({ ready: false, version: 0, asOfMs: null }) };

async function q<T>(c: DuckDBConnection, sql: string): Promise<T[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

async function judge(c: DuckDBConnection, w: AssuranceWindow, via: 'raw' | 'rollup'): Promise<SiteAssuranceWithTrend[]> {
  const [counts, served] = await Promise.all([
    q<SiteMinuteCountsRow>(c, via === 'raw' ? siteMinuteCountsSql(w, targets) : siteMinuteCountsRollupSql(w, targets)),
    q<ServedClassRow>(c, via === 'raw' ? servedClassesSql(w) : servedClassesRollupSql(w)),
  ]);
  return assuranceFromSqlRows(w, siteIds, counts, served);
}

/** Everything equal; the trend (sums in another order) within float noise. */
function expectSameSites(got: readonly SiteAssuranceWithTrend[], want: readonly SiteAssuranceWithTrend[]): void {
  expect(got.map(({ minutesToBreach: _, ...s }) => s)).toEqual(want.map(({ minutesToBreach: _, ...s }) => s));
  for (const [i, s] of want.entries()) {
    const g = got[i]!.minutesToBreach;
    if (s.minutesToBreach === null || g === null) expect([s.siteId, g]).toEqual([s.siteId, s.minutesToBreach]);
    else expect(g).toBeCloseTo(s.minutesToBreach, 6);
  }
}

/** Windows of every shape the NOC asks for (live ends are minute starts; replays sit on the 5-minute grid). */
const WINDOWS: ReadonlyArray<[string, AssuranceWindow]> = [
  ['1 h live, edges inside buckets', { fromMs: END - 3 * HOUR - 58 * MIN, toMs: END - 2 * HOUR - 58 * MIN }],
  ['24 h live across days', { fromMs: END - 31 * HOUR - 7 * MIN, toMs: END - 7 * HOUR - 7 * MIN }],
  ['whole lake (7 d-like)', { fromMs: START, toMs: END }],
  ['multi-day, start and end mid-minute', { fromMs: START + 13 * MIN + 5_000, toMs: END - 2 * MIN - 40_000 }],
  ['inside one day', { fromMs: END - 20 * HOUR + 3 * MIN, toMs: END - 9 * HOUR - 11_000 }],
  ['from a day start to inside it', { fromMs: END - DAY, toMs: END - DAY + 5 * HOUR + 7 * MIN }],
  ['replay 1 h on the grid', { fromMs: END - 27 * HOUR - 35 * MIN, toMs: END - 26 * HOUR - 35 * MIN }],
  ['replay 24 h on the grid', { fromMs: END - 50 * HOUR - 10 * MIN, toMs: END - 26 * HOUR - 10 * MIN }],
  ['three minutes inside a bucket', { fromMs: END - 5 * HOUR + MIN, toMs: END - 5 * HOUR + 4 * MIN }],
  ['across the lake start', { fromMs: START - 2 * HOUR, toMs: START + 20 * MIN }],
  ['before the lake (no data)', { fromMs: START - 3 * HOUR, toMs: START - 2 * HOUR }],
];

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 11, sites: 10, accounts: 400, days: DAYS, endMs: END })).dir;
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const t of ['kpi', 'usage', 'account', 'tier'] as const) {
    await conn.run(`CREATE VIEW ${t} AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, t))}`);
  }
  for (const n of ROLLUP_NAMES) await conn.run(`CREATE VIEW ${n} AS SELECT * FROM ${readParquetSql(await listRollupFiles(lakeDir, n))}`);
  lake = await LakeReader.open(lakeDir);
  siteIds = (await lake.rows('site')).map((s) => s.site_id).sort((a, b) => a - b);
  const t = await q<{ latencyMs: number; uplinkMbps: number | null }>(conn, SLA_TARGETS_SQL);
  targets = { latencyMs: [...new Set(t.map((x) => x.latencyMs))], uplinkMbps: [...new Set(t.flatMap((x) => (x.uplinkMbps === null ? [] : [x.uplinkMbps])))] };
}, 180_000);

afterAll(async () => {
  conn?.closeSync();
  db?.closeSync();
  lake?.close();
  if (lakeDir) await rm(path.dirname(lakeDir), { recursive: true, force: true });
});

describe('rollup assurance over the lake', () => {
  it('the catalog targets and the default policy can be judged from the rollups', () => {
    expect(rollupCanJudge(targets)).toBe(true);
    expect(currentP95IsMax(DEFAULT_ASSURANCE_POLICY)).toBe(true);
    // 20 minutes: nearest-rank p95 is the 19th value, not the max, so the rollup must not be used.
    expect(currentP95IsMax({ ...DEFAULT_ASSURANCE_POLICY, currentMinutes: 20 })).toBe(false);
    expect(rollupCanJudge({ latencyMs: [35], uplinkMbps: [] })).toBe(false);
    expect(() => siteMinuteCountsRollupSql(WINDOWS[0]![1], { latencyMs: [35], uplinkMbps: [] })).toThrow(/siteMinuteCountsSql/);
  });

  for (const [name, w] of WINDOWS) {
    it(`${name}: equals the raw SQL site by site`, async () => {
      const [raw, rolled] = await Promise.all([judge(conn, w, 'raw'), judge(conn, w, 'rollup')]);
      expectSameSites(rolled, raw);
    });
  }

  it('the comparisons are not vacuous: breaches, trends, classes and both read paths occur', async () => {
    const all = (await Promise.all(WINDOWS.map(([, w]) => judge(conn, w, 'raw')))).flat();
    expect(all.some((s) => s.objectiveMet === false)).toBe(true);
    expect(all.some((s) => s.minutesToBreach !== null)).toBe(true);
    expect(all.some((s) => s.classes.length > 2 && s.currentP95LatencyMs !== null)).toBe(true);
    expect(all.some((s) => s.dataStatus === 'no_data')).toBe(true);
    expect(all.some((s) => s.dataStatus === 'partial')).toBe(true);
    const plans = WINDOWS.map(([, w]) => kpiReadPlan(w));
    expect(plans.some((p) => p.buckets.length && p.raw.length)).toBe(true);
    expect(plans.some((p) => p.buckets.length && !p.raw.length)).toBe(true);
    expect(plans.some((p) => p.hours.length && p.fiveMinutes.length)).toBe(true);
  });

  it('equals the server\'s TS path (NocService over the lake) for every window', async () => {
    const noc = new NocService(new FactReader(lake, null), noRating);
    for (const [, w] of WINDOWS) {
      const server = await noc.assurance(w);
      expectSameSites(await judge(conn, w, 'rollup'), server.sites);
    }
  });
});

describe('read plans', () => {
  it('a window on the 5-minute grid reads no raw KPI row; live edges read at most their cut buckets', () => {
    expect(rollupRawNeeds({ fromMs: END - 7 * DAY, toMs: END - 5 * MIN }).kpi).toEqual([]);
    const live = { fromMs: END - DAY - 3 * MIN, toMs: END - 3 * MIN };
    const p = kpiReadPlan(live);
    // Head: 2 minutes before the first whole bucket; tail: the last cut bucket, and the trend / p95 buckets cut by their first minute.
    expect(p.raw).toEqual([
      { fromMs: live.fromMs, toMs: END - DAY },
      { fromMs: END - 35 * MIN, toMs: END - 30 * MIN },
      { fromMs: END - 20 * MIN, toMs: END - 15 * MIN },
      { fromMs: END - 5 * MIN, toMs: live.toMs },
    ]);
    expect(p.buckets).toEqual([
      { fromMs: END - DAY, toMs: END - 35 * MIN }, { fromMs: END - 30 * MIN, toMs: END - 20 * MIN }, { fromMs: END - 15 * MIN, toMs: END - 5 * MIN },
    ]);
    // Their counts: whole hours from kpi_1h, the rest of the buckets from kpi_5m.
    expect(p.hours).toEqual([{ fromMs: END - DAY, toMs: END - HOUR }]);
    expect(p.fiveMinutes).toEqual([
      { fromMs: END - HOUR, toMs: END - 35 * MIN }, { fromMs: END - 30 * MIN, toMs: END - 20 * MIN }, { fromMs: END - 15 * MIN, toMs: END - 5 * MIN },
    ]);
  });

  it('served pairs: whole and cut days from the rollup, raw only when both ends cut one day', () => {
    expect(usageReadPlan({ fromMs: END - 3 * DAY + HOUR, toMs: END - HOUR })).toEqual({
      days: { fromMs: END - 2 * DAY, toMs: END - DAY }, headDayMs: END - 3 * DAY, tailDayMs: END - DAY, raw: null,
    });
    expect(usageReadPlan({ fromMs: END - DAY, toMs: END - DAY + HOUR })).toEqual({ days: null, headDayMs: null, tailDayMs: END - DAY, raw: null });
    expect(usageReadPlan({ fromMs: END - 5 * HOUR, toMs: END - HOUR }).raw).toEqual({ fromMs: END - 5 * HOUR, toMs: END - HOUR });
    expect(rollupRawNeeds({ fromMs: END - 25 * HOUR, toMs: END - HOUR }).usage).toEqual([]);
  });
});

describe('rollup assurance with several samples a minute and rollup rows in parts', () => {
  let db2: DuckDBInstance;
  let c2: DuckDBConnection;

  beforeAll(async () => {
    db2 = await DuckDBInstance.create(':memory:');
    c2 = await db2.connect();
    for (const t of ['account', 'tier'] as const) await c2.run(`CREATE TABLE ${t} AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, t))}`);
    // A second, worse sample 20 s into every third minute of some sites (the minute is judged by its worst), and
    // usage moved to other sites so the pairs differ from the lake's.
    await c2.run(`CREATE TABLE kpi AS
      SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, 'kpi'))}
      UNION ALL
      SELECT * REPLACE (ts + INTERVAL 20 SECOND AS ts, latency_ms * 3 AS latency_ms, ul_mbps / 4 AS ul_mbps)
      FROM ${readParquetSql(await listTableFiles(lakeDir, 'kpi'))} WHERE (epoch_ms(ts) // 60000 + site_id) % 3 = 0 AND site_id % 2 = 0`);
    await c2.run(`CREATE TABLE usage AS
      SELECT * REPLACE (CASE WHEN account_id % 7 = 0 THEN (site_id + 1) % ${siteIds.length} ELSE site_id END AS site_id)
      FROM ${readParquetSql(await listTableFiles(lakeDir, 'usage'))}`);
    // Rollups as live batches leave them: each key's rows built from two disjoint parts (cut at minute starts that fall
    // inside buckets and days), so every query must sum, never pick one row per key.
    const cut = `(epoch_ms(ts) // 60000) % 7 < 3`;
    for (const [name, src] of [['kpi_5m', 'kpi'], ['kpi_1h', 'kpi'], ['usage_site_account_day', 'usage']] as const) {
      const part = src === 'kpi' ? cut : `epoch_ms(ts) % 3 = 0`;
      await c2.run(`CREATE TABLE ${name} AS
        ${rollupSelectSql(name, `(SELECT * FROM ${src} WHERE ${part})`)} UNION ALL ${rollupSelectSql(name, `(SELECT * FROM ${src} WHERE NOT (${part}))`)}`);
    }
  });

  afterAll(() => { c2?.closeSync(); db2?.closeSync(); });

  it('the parts really split keys, and the second samples change some minutes', async () => {
    const [split] = await q<{ n: number }>(c2, 'SELECT count(*)::DOUBLE AS n FROM (SELECT site_id, ts FROM kpi_5m GROUP BY 1, 2 HAVING count(*) > 1)');
    expect(split!.n).toBeGreaterThan(1000);
    const w = WINDOWS[2]![1];
    const [onLake, here] = await Promise.all([judge(conn, w, 'raw'), judge(c2, w, 'raw')]);
    expect(here.map((s) => s.assurancePct)).not.toEqual(onLake.map((s) => s.assurancePct));
  });

  for (const [name, w] of WINDOWS) {
    it(`${name}: equals the raw SQL`, async () => {
      expectSameSites(await judge(c2, w, 'rollup'), await judge(c2, w, 'raw'));
    });
  }
});
