// The dashboard questions the bench times give the same answers from rollups as from raw rows (DuckDB node, same SQL
// the browser runs): exact for tokens and money, p95 within the histogram's bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readParquetSql } from '../../schema/duckdbSql.js';
import { ROLLUP_NAMES } from '../../schema/rollups.js';
import { listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { listRollupFiles } from '../../pipelines/lake/rollupWriter.js';
import { compareResults } from '../../bench/queries/compareResults.js';
import { BUSIEST_PROVINCE_SQL, QUERY_NAMES, dashboardSql, type QueryParams } from '../../bench/queries/dashboardQueries.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const END = Date.UTC(2026, 4, 10);
const DAY = 86_400_000;
let db: DuckDBInstance;
let conn: DuckDBConnection;

async function q(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

beforeAll(async () => {
  const dir = (await tinyLake({ seed: 9, sites: 15, accounts: 400, days: 2, endMs: END })).dir;
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const t of ['site', 'tier', 'account', 'usage', 'kpi'] as const) {
    await conn.run(`CREATE TABLE ${t} AS SELECT * FROM ${readParquetSql(await listTableFiles(dir, t))}`);
  }
  for (const n of ROLLUP_NAMES) await conn.run(`CREATE TABLE ${n} AS SELECT * FROM ${readParquetSql(await listRollupFiles(dir, n))}`);
}, 120_000);

afterAll(() => {
  conn?.closeSync();
  db?.closeSync();
});

describe('dashboard queries over rollups', () => {
  it.each(QUERY_NAMES)('%s: rollup answer = raw answer', async (name) => {
    const province = String((await q(BUSIEST_PROVINCE_SQL))[0]!.province);
    const p: QueryParams = { sinceMs: END - 2 * DAY, sliceFromMs: END - 2 * DAY, province, slaMs: 20, sliceLimit: 200 };
    const raw = await q(dashboardSql(name, p, 'raw'));
    const rolled = await q(dashboardSql(name, p, 'rollup'));
    expect(raw.length).toBeGreaterThan(0);
    expect(compareResults(rolled, raw, true)).toBeNull();
    // The p95 tolerance is not what makes them equal: every other column matches to 1e-9.
    if (name === 'site_p95_latency') expect(compareResults(rolled, raw, false)).toMatch(/p95_ms/);
  });
});
