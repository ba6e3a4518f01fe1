// Compaction merges a partition's small live files into one without a reader ever seeing rows twice or missing:
// listings switch atomically, replaced files outlive a grace period, and rollups still equal the raw rows.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readParquetSql } from '../../schema/duckdbSql.js';
import { kpiSpec, type Kpi } from '../../schema/tables.js';
import { LakeReader, listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { partitionDir } from '../../pipelines/lake/lakeLayout.js';
import { writeRowsToParquet } from '../../pipelines/lake/parquetWriter.js';
import { compactPartition } from '../../pipelines/lake/compaction.js';
import { SUPERSEDED_FILE } from '../../pipelines/lake/partitionFiles.js';
import { listRollupFiles, writeDayRollups } from '../../pipelines/lake/rollupWriter.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const END = Date.UTC(2026, 2, 2);
const DAY = 86_400_000;
const MIN = 60_000;
let lakeDir = '';
let db: DuckDBInstance;
let conn: DuckDBConnection;

async function totals(files: readonly string[]): Promise<{ n: number; lat: number; sites: number }> {
  const r = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n, round(sum(latency_ms), 6) AS lat, count(DISTINCT site_id)::DOUBLE AS sites FROM ${readParquetSql(files)}`);
  return r.getRowObjectsJS()[0] as { n: number; lat: number; sites: number };
}

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 3, sites: 6, accounts: 50, days: 1, endMs: END })).dir;
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  // Twelve live files after the generated day, as twelve minute flushes would write them (a new day partition).
  const lake = await LakeReader.open(lakeDir);
  const last = await lake.rows('kpi', { fromMs: END - 12 * MIN, toMs: END });
  lake.close();
  for (let i = 0; i < 12; i++) {
    const rows: Kpi[] = last.filter((k) => k.ts === END - (12 - i) * MIN).map((k) => ({ ...k, ts: k.ts + 12 * MIN }));
    await writeRowsToParquet(conn, kpiSpec, rows as never, path.join(partitionDir(lakeDir, 'kpi', END), `live-test-${i}-${i}.parquet`));
  }
  await writeDayRollups(conn, lakeDir, 'kpi', END);
}, 120_000);

afterAll(() => {
  conn?.closeSync();
  db?.closeSync();
});

describe('compactPartition', () => {
  it('leaves a partition with fewer files than the policy alone', async () => {
    const r = await compactPartition(conn, lakeDir, 'kpi', END, Date.now(), { minFiles: 13, graceMs: 60_000 });
    expect(r.replaced).toBe(0);
    expect((await listTableFiles(lakeDir, 'kpi')).filter((f) => f.includes(`date=${new Date(END).toISOString().slice(0, 10)}`))).toHaveLength(12);
  });

  it('merges the files into one with the same rows; a listing taken before still reads during the grace period', async () => {
    const before = await listTableFiles(lakeDir, 'kpi');
    const want = await totals(before);
    expect(want.n).toBe(12 * 6 + DAY / MIN * 6);
    const t0 = Date.now();
    const r = await compactPartition(conn, lakeDir, 'kpi', END, t0, { minFiles: 5, graceMs: 60_000 });
    expect(r.replaced).toBe(12);
    const after = await listTableFiles(lakeDir, 'kpi');
    expect(after).toHaveLength(2);
    // The replacement has exactly the table's columns (no `date` column read from the partition path).
    const compacted = after.find((f) => path.basename(f).startsWith('compact-'))!;
    const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${compacted}', hive_partitioning = false)`)).getRowObjectsJS().map((r) => r.column_name);
    expect(cols).toEqual(Object.keys(kpiSpec));
    expect(await totals(after)).toEqual(want);
    // An earlier listing's files are still on disk (a reader may be about to open them).
    expect(await totals(before)).toEqual(want);
    // Within the grace period nothing is deleted; after it the replaced files go and the listing is unchanged.
    expect((await compactPartition(conn, lakeDir, 'kpi', END, t0 + 59_000, { minFiles: 5, graceMs: 60_000 })).deleted).toBe(0);
    const dir = partitionDir(lakeDir, 'kpi', END);
    expect((await readdir(dir)).filter((n) => n.endsWith('.parquet'))).toHaveLength(13);
    expect((await compactPartition(conn, lakeDir, 'kpi', END, t0 + 61_000, { minFiles: 5, graceMs: 60_000 })).deleted).toBe(12);
    expect((await readdir(dir)).filter((n) => n.endsWith('.parquet'))).toHaveLength(1);
    expect((await readdir(dir)).includes(SUPERSEDED_FILE)).toBe(false);
    expect(await totals(await listTableFiles(lakeDir, 'kpi'))).toEqual(want);
  });

  it('a record whose replacement is not in place yet hides nothing (the moment between the two steps)', async () => {
    const dir = partitionDir(lakeDir, 'kpi', END);
    const files = (await readdir(dir)).filter((n) => n.endsWith('.parquet'));
    const want = await totals(await listTableFiles(lakeDir, 'kpi'));
    await writeFile(path.join(dir, SUPERSEDED_FILE), JSON.stringify([{ replacement: 'compact-not-yet.parquet', files, atMs: Date.now() }]));
    expect(await totals(await listTableFiles(lakeDir, 'kpi'))).toEqual(want);
    // A crash left it so for good: after the grace period the record is forgotten and its files are kept.
    const r = await compactPartition(conn, lakeDir, 'kpi', END, Date.now() + 3_600_000, { minFiles: 5, graceMs: 60_000 });
    expect(r.deleted).toBe(0);
    expect((await readdir(dir)).filter((n) => n.endsWith('.parquet')).sort()).toEqual(files.sort());
    expect(await totals(await listTableFiles(lakeDir, 'kpi'))).toEqual(want);
  });

  it('rollups rebuilt after compaction still equal the raw rows', async () => {
    await writeDayRollups(conn, lakeDir, 'kpi', END);
    const raw = await totals(await listTableFiles(lakeDir, 'kpi'));
    const r = await conn.runAndReadAll(`SELECT sum(samples)::DOUBLE AS n FROM ${readParquetSql(await listRollupFiles(lakeDir, 'kpi_5m'))}`);
    expect((r.getRowObjectsJS()[0] as { n: number }).n).toBe(raw.n);
  });
});
