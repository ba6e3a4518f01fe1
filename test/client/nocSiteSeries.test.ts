// The drill-down series the browser draws from kpi_5m (+ raw edges) equals the server's siteDetail series for the same
// buckets (averages from sums / samples, latency as the bucket's max), and the browser's raw-row series.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { siteSeriesRollupSql, siteSeriesSql } from '../../client/features/noc/nocQueries.js';
import { bucketMsFor } from '../../client/features/noc/nocWindowPlan.js';
import type { SiteSeriesPoint } from '../../client/features/noc/nocTypes.js';
import type { AssuranceWindow } from '../../domain/assurance/latencyAssurance.js';
import { readParquetSql } from '../../schema/duckdbSql.js';
import { rollupSelectSql } from '../../schema/rollups.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { LakeReader, listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { listRollupFiles } from '../../pipelines/lake/rollupWriter.js';
import { NocService } from '../../server/noc/nocService.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const END = Date.UTC(2026, 2, 3);

let lakeDir = '';
let db: DuckDBInstance;
let conn: DuckDBConnection;
let lake: LakeReader;
let noc: NocService;

async function series(sql: string): Promise<SiteSeriesPoint[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as unknown as SiteSeriesPoint[];
}

function expectSameSeries(got: readonly SiteSeriesPoint[], want: readonly SiteSeriesPoint[]): void {
  expect(got.map((p) => [p.tsMs, p.latencyMs])).toEqual(want.map((p) => [p.tsMs, p.latencyMs]));
  for (const [i, p] of want.entries()) {
    for (const k of ['jitterMs', 'lossPct', 'dlMbps', 'ulMbps', 'activeUsers'] as const) expect(got[i]![k]).toBeCloseTo(p[k], 9);
  }
}

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 3, sites: 4, accounts: 60, days: 3, endMs: END })).dir;
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE VIEW kpi AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, 'kpi'))}`);
  await conn.run(`CREATE VIEW kpi_5m AS SELECT * FROM ${readParquetSql(await listRollupFiles(lakeDir, 'kpi_5m'))}`);
  lake = await LakeReader.open(lakeDir);
  noc = new NocService(new FactReader(lake, null), { revenueByAccount: () => new Map(), status: () => ({ ready: false, version: 0, asOfMs: null }) });
}, 180_000);

afterAll(async () => {
  conn?.closeSync();
  db?.closeSync();
  lake?.close();
  if (lakeDir) await rm(path.dirname(lakeDir), { recursive: true, force: true });
});

const WINDOWS: ReadonlyArray<[string, AssuranceWindow, number]> = [
  ['the whole lake at 35-minute buckets (a 7 d window\'s)', { fromMs: END - 3 * DAY, toMs: END }, 35 * MIN],
  ['a live 24 h window (edges cut inside buckets)', { fromMs: END - 26 * HOUR - 3 * MIN, toMs: END - 2 * HOUR - 3 * MIN }, 5 * MIN],
  ['a replay on the grid at 10-minute buckets', { fromMs: END - 30 * HOUR - 25 * MIN, toMs: END - 6 * HOUR - 25 * MIN }, 10 * MIN],
];

describe('drill-down series from kpi_5m', () => {
  for (const [name, w, bucketMs] of WINDOWS) {
    it(`${name}: equals the server's siteDetail series and the raw-row series`, async () => {
      for (const siteId of [0, 3]) {
        const fromRollup = await series(siteSeriesRollupSql(siteId, w, bucketMs));
        const server = (await noc.siteDetail(siteId, w, bucketMs)).series;
        expect(fromRollup.length).toBeGreaterThan(50);
        expectSameSeries(fromRollup, server);
        expectSameSeries(fromRollup, await series(siteSeriesSql(siteId, w, bucketMs)));
      }
    });
  }

  it('minutes with several samples: averages are per sample, as over raw rows', async () => {
    const db2 = await DuckDBInstance.create(':memory:');
    const c2 = await db2.connect();
    try {
      const kpi = readParquetSql(await listTableFiles(lakeDir, 'kpi'));
      await c2.run(`CREATE TABLE kpi AS SELECT * FROM ${kpi} UNION ALL
        SELECT * REPLACE (ts + INTERVAL 30 SECOND AS ts, jitter_ms * 5 AS jitter_ms, active_users * 3 AS active_users, latency_ms * 2 AS latency_ms)
        FROM ${kpi} WHERE (epoch_ms(ts) // 60000) % 4 = 0`);
      await c2.run(`CREATE TABLE kpi_5m AS ${rollupSelectSql('kpi_5m', 'kpi')}`);
      const read = async (sql: string) => (await c2.runAndReadAll(sql)).getRowObjectsJS() as unknown as SiteSeriesPoint[];
      const [w, bucketMs] = [WINDOWS[1]![1], 15 * MIN];
      const raw = await read(siteSeriesSql(1, w, bucketMs));
      expectSameSeries(await read(siteSeriesRollupSql(1, w, bucketMs)), raw);
      // Not vacuous: the extra samples changed the averages against the lake's.
      expect(raw.map((p) => p.jitterMs)).not.toEqual((await series(siteSeriesSql(1, w, bucketMs))).map((p) => p.jitterMs));
    } finally {
      c2.closeSync();
      db2.closeSync();
    }
  });

  it('the 7 d bucket is whole kpi_5m buckets, and other buckets are refused', () => {
    expect(bucketMsFor({ fromMs: 0, toMs: 7 * DAY }) % (5 * MIN)).toBe(0);
    expect(() => siteSeriesRollupSql(0, WINDOWS[0]![1], 34 * MIN)).toThrow(/kpi_5m/);
  });
});
