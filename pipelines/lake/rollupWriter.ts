// Writes a day's rollups (schema/rollups.ts) beside its raw Parquet: rebuilt whole from the day's raw files whenever
// they change (generation, each live flush, start-up after a crash), so a rollup file always equals its raw day.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ROLLUPS, rollupSelectSql, rollupsOf, type RollupName } from '../../schema/rollups.js';
import { FACT_TABLES, type FactTable } from '../../schema/tables.js';
import { quoteIdent, quoteLiteral, readParquetSql } from '../../schema/duckdbSql.js';
import { listParquetFiles } from './partitionFiles.js';
import { partitionDayMs, partitionDir, rollupDayFile, rollupDir, tableDir } from './lakeLayout.js';

async function mtimeMs(file: string): Promise<number | null> {
  return (await stat(file).catch(() => null))?.mtimeMs ?? null;
}

/** COPY to a temp file, fsync, rename: a reader sees the old day file or the new one, never half of one. */
async function copyDurably(conn: DuckDBConnection, sql: string, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await conn.run(`COPY (${sql}) TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  const fh = await open(tmp, 'r+');
  try { await fh.sync(); } finally { await fh.close(); }
  await rename(tmp, file);
}

/**
 * Runs `fn` with DuckDB on one thread: float sums then add in file order, so a rollup's bytes do not depend on how
 * many threads the instance has (ordered aggregates would too, at 20x the cost). Restores the setting after.
 */
async function singleThreaded<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  const before = (await conn.runAndReadAll(`SELECT current_setting('threads')::BIGINT AS n`)).getRowObjectsJS()[0]?.n;
  await conn.run('SET threads = 1');
  try { return await fn(); } finally { await conn.run(`SET threads = ${Number(before ?? 1)}`); }
}

/** Rebuilds every rollup of `table` for one UTC day from that day's raw files; a day without files loses its rollups. */
export function writeDayRollups(conn: DuckDBConnection, lakeDir: string, table: FactTable, dayMs: number): Promise<void> {
  return singleThreaded(conn, () => buildDayRollups(conn, lakeDir, table, dayMs));
}

async function buildDayRollups(conn: DuckDBConnection, lakeDir: string, table: FactTable, dayMs: number): Promise<void> {
  const files = await listParquetFiles(partitionDir(lakeDir, table, dayMs));
  const accounts = await listParquetFiles(tableDir(lakeDir, 'account'));
  const dims = { account: accounts.length ? readParquetSql(accounts) : '(SELECT NULL::INTEGER AS account_id, NULL::INTEGER AS tier_id WHERE false)' };
  for (const name of rollupsOf(table)) {
    const file = rollupDayFile(lakeDir, name, dayMs);
    if (!files.length) { await rm(file, { force: true }); continue; }
    // Sorted by time (then the rest of the key, so the bytes are deterministic): queries cut windows on ts, and
    // row-group min/max then skip most of a file.
    const order = ['ts', ...ROLLUPS[name].key.filter((k) => k !== 'ts')].map(quoteIdent).join(', ');
    await copyDurably(conn, `${rollupSelectSql(name, readParquetSql(files), dims)} ORDER BY ${order}`, file);
  }
}

/** Days of a fact table whose rollups are missing or older than one of the day's raw files. */
export async function staleRollupDays(lakeDir: string, table: FactTable): Promise<number[]> {
  const days = (await readdir(tableDir(lakeDir, table)).catch(() => [] as string[]))
    .map(partitionDayMs).filter((d): d is number => d !== null).sort((a, b) => a - b);
  const stale: number[] = [];
  const current = (await Promise.all(rollupsOf(table).map((n) => formatIsCurrent(lakeDir, n)))).every(Boolean);
  for (const day of days) {
    const raw = await Promise.all((await listParquetFiles(partitionDir(lakeDir, table, day))).map(mtimeMs));
    const newestRaw = Math.max(-Infinity, ...raw.map((m) => m ?? Infinity));
    const rolled = await Promise.all(rollupsOf(table).map((n) => mtimeMs(rollupDayFile(lakeDir, n, day))));
    if (!current || rolled.some((m) => m === null || m < newestRaw)) stale.push(day);
  }
  return stale;
}

const FORMAT_FILE = '_format';

/** What a rollup's files were built by: its SQL (columns, types, arithmetic); a change makes every day stale. */
function rollupFormat(name: RollupName): string {
  return createHash('sha256').update(rollupSelectSql(name, 'raw', { account: 'account' })).digest('hex').slice(0, 16);
}

async function formatIsCurrent(lakeDir: string, name: RollupName): Promise<boolean> {
  return (await readFile(path.join(rollupDir(lakeDir, name), FORMAT_FILE), 'utf8').catch(() => '')) === rollupFormat(name);
}

/** Records that every rollup of `table` was built by today's SQL (call once all its days are written). */
export async function markRollupFormats(lakeDir: string, table: FactTable): Promise<void> {
  for (const name of rollupsOf(table)) {
    if (await formatIsCurrent(lakeDir, name)) continue;
    await mkdir(rollupDir(lakeDir, name), { recursive: true });
    await writeFile(path.join(rollupDir(lakeDir, name), FORMAT_FILE), rollupFormat(name));
  }
}

/** Brings every rollup up to date with the raw days (a lake made before rollups, or a crash between raw and rollup). */
export async function ensureRollups(conn: DuckDBConnection, lakeDir: string, log: (msg: string) => void = () => {}): Promise<number> {
  let rebuilt = 0;
  for (const table of FACT_TABLES) {
    if (!rollupsOf(table).length) continue;
    const days = await staleRollupDays(lakeDir, table);
    for (const day of days) await writeDayRollups(conn, lakeDir, table, day);
    await markRollupFormats(lakeDir, table);
    if (days.length) log(`rollups of ${table}: ${days.length} day(s) rebuilt`);
    rebuilt += days.length;
  }
  return rebuilt;
}

/** Every day file of a rollup, sorted by day (so scans are deterministic). */
export async function listRollupFiles(lakeDir: string, name: RollupName): Promise<string[]> {
  const root = rollupDir(lakeDir, name);
  const days = (await readdir(root).catch(() => [] as string[])).filter((d) => partitionDayMs(d) !== null).sort();
  const out: string[] = [];
  for (const d of days) out.push(...(await listParquetFiles(path.join(root, d))));
  return out;
}

