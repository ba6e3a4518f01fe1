// Cross-check: the explorer's SQL over the rated Arrow tables (DuckDB node, the browser's SQL) equals
// independent server-side computations on the same fixture lake, to the fen.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ipcToTable, tableToRows } from '../../schema/arrowRows.js';
import { createTableSql, readParquetSql } from '../../schema/duckdbSql.js';
import { RATED_TABLES, RATED_TABLE_NAMES } from '../../schema/ratedTables.js';
import type { TableSpec } from '../../schema/columns.js';
import { writeRowsToParquet } from '../../pipelines/lake/parquetWriter.js';
import { LakeReader, listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { RevenueService } from '../../server/revenue/revenueService.js';
import { EMPTY_FILTERS, breakdownSql, modelMixSql, summarySql, type RevenueFilters } from '../../client/features/revenue/revenueQueries.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

// Two days inside October, so every monthly account's recognised fee has a closed form (below).
const END = Date.UTC(2026, 9, 21);
const DAY = 86_400_000;
let lakeDir = '';
let service: RevenueService;
let db: DuckDBInstance;
let conn: DuckDBConnection;
const silent = { info() {}, error() {} };

async function q<T>(sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

beforeAll(async () => {
  const lake = await tinyLake({ seed: 11, sites: 20, accounts: 400, days: 2, endMs: END });
  lakeDir = lake.dir;
  service = new RevenueService(await LakeReader.open(lakeDir), () => END - 1, silent);
  const snap = await service.refresh();
  if (!snap) throw new Error(service.lastError ?? 'no rating');
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  // Load the exact Arrow IPC the data plane serves (IPC -> rows -> DuckDB), as the browser does.
  for (const name of RATED_TABLE_NAMES) {
    const spec = RATED_TABLES[name] as TableSpec;
    const rows = tableToRows(spec, ipcToTable(snap.ipc[name])) as Record<string, unknown>[];
    const file = path.join(lakeDir, '..', `${name}.parquet`);
    await writeRowsToParquet(conn, spec, rows, file);
    await conn.run(createTableSql(name, spec));
    await conn.run(`INSERT INTO ${name} SELECT * FROM read_parquet('${file}')`);
  }
  const files = (t: 'usage' | 'account' | 'tier') => listTableFiles(lakeDir, t).then(readParquetSql);
  await conn.run(`CREATE VIEW raw_usage AS SELECT * FROM ${await files('usage')}`);
  await conn.run(`CREATE VIEW raw_account AS SELECT * FROM ${await files('account')}`);
  await conn.run(`CREATE VIEW raw_tier AS SELECT * FROM ${await files('tier')}`);
});

afterAll(async () => {
  conn?.closeSync();
  db?.closeSync();
  if (lakeDir) await rm(path.dirname(lakeDir), { recursive: true, force: true });
});

const summary = async (f: RevenueFilters) => (await q<{ revenueFen: number; subscriptionFen: number; paygFen: number; avgPayingAccounts: number }>(summarySql(f)))[0]!;

describe('revenue cross-check on a fixture lake', () => {
  it('total and every tier: explorer SQL = server total summed account by account', async () => {
    const all = await summary(EMPTY_FILTERS);
    const server = service.total({})!;
    expect(all.revenueFen).toBeGreaterThan(0);
    expect(all.revenueFen).toBe(server.totalFen);
    const byTier = await q<{ tierId: number; revenueFen: number }>(`SELECT "tierId", sum("revenueFen") AS "revenueFen" FROM (${breakdownSql(EMPTY_FILTERS)}) GROUP BY 1`);
    expect(byTier.length).toBeGreaterThan(5);
    for (const r of byTier) {
      expect((await summary({ ...EMPTY_FILTERS, tierIds: [r.tierId] })).revenueFen).toBe(r.revenueFen);
      expect(service.total({ tierIds: [r.tierId] })!.totalFen).toBe(r.revenueFen);
    }
    // A combined slice and a one-day window.
    const f: RevenueFilters = { ...EMPTY_FILTERS, segments: ['family', 'sme'], channels: ['app', 'online'], fromMs: END - DAY, toMs: END };
    expect((await summary(f)).revenueFen).toBe(service.total({ segments: f.segments, channels: f.channels, fromMs: END - DAY, toMs: END })!.totalFen);
  });

  it('subscription revenue equals a closed-form SQL over the raw account table', async () => {
    // Recognised fee on days [from, to) of a month with D days, plan active from a: R(fee*k2/D) - R(fee*k1/D),
    // k = days from a, R(x/y) = floor((2x + y) / 2y). October has 31 days; the lake is Oct 19-20.
    const from = END - 2 * DAY;
    const [row] = await q<{ fen: number }>(`
      WITH a AS (
        SELECT t.monthly_fee_fen::HUGEINT AS fee,
          greatest(date_diff('day', greatest(date_trunc('day', ac.signup_date), TIMESTAMP '2026-10-01'), make_timestamp_ms(${from})), 0) AS k1,
          date_diff('day', greatest(date_trunc('day', ac.signup_date), TIMESTAMP '2026-10-01'), make_timestamp_ms(${END})) AS k2
        FROM raw_account ac JOIN raw_tier t USING (tier_id) WHERE t.kind = 'monthly' AND ac.signup_date < make_timestamp_ms(${END}))
      SELECT sum((2 * fee * k2 + 31) // 62 - (2 * fee * k1 + 31) // 62)::DOUBLE AS fen FROM a WHERE k2 > 0`);
    expect((await summary(EMPTY_FILTERS)).subscriptionFen).toBe(row!.fen);
  });

  it('pay-as-you-go revenue equals billable tokens x price per account, rounded once, from raw usage', async () => {
    const [row] = await q<{ fen: number; n: number }>(`
      WITH per AS (
        SELECT u.account_id, sum((u.tokens_in - u.cached_tokens + u.tokens_out)::HUGEINT * 100 + u.cached_tokens::HUGEINT * t.cached_rate_pct) AS ctok,
          any_value(t.overage_fen_per_mtok) AS price
        FROM raw_usage u JOIN raw_account a USING (account_id) JOIN raw_tier t USING (tier_id) WHERE t.kind = 'payg' GROUP BY 1)
      SELECT sum((2 * ctok * price + 100000000) // 200000000)::DOUBLE AS fen, count(*)::DOUBLE AS n FROM per`);
    expect(row!.n).toBeGreaterThan(0);
    expect((await summary(EMPTY_FILTERS)).paygFen).toBe(row!.fen);
  });

  it('model mix: revenue split over models sums to the total; compute cost equals the raw usage cost', async () => {
    const mix = await q<{ revenueFen: number; computeCostFen: number }>(modelMixSql(EMPTY_FILTERS));
    const total = (await summary(EMPTY_FILTERS)).revenueFen;
    expect(mix.reduce((s, m) => s + m.revenueFen, 0)).toBe(total);
    const [raw] = await q<{ ufen: number }>(`SELECT sum((tokens_in::HUGEINT + tokens_out) * compute_cost_fen_per_mtok)::DOUBLE AS ufen FROM raw_usage`);
    expect(Math.round(mix.reduce((s, m) => s + m.computeCostFen, 0) * 1e6)).toBe(raw!.ufen);
  });

  it('ARPU denominator: monthly-plan paying account-days = accounts signed up per day (raw accounts)', async () => {
    const monthly = [1, 2, 4, 5, 6, 7, 9, 10, 11];
    const s = await summary({ ...EMPTY_FILTERS, tierIds: monthly });
    const [row] = await q<{ accountDays: number }>(`
      SELECT sum(CASE WHEN date_trunc('day', signup_date) <= make_timestamp_ms(${END - 2 * DAY}) THEN 2 WHEN date_trunc('day', signup_date) <= make_timestamp_ms(${END - DAY}) THEN 1 ELSE 0 END)::DOUBLE AS "accountDays"
      FROM raw_account WHERE tier_id IN (${monthly.join(',')})`);
    expect(s.avgPayingAccounts).toBe(row!.accountDays / 2);
  });
});
