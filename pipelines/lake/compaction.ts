// Compacts a partition's many small live files (one per flush, every minute) into one, so a day is a handful of
// files for DuckDB to open rather than 1,440. Readers switch over atomically (partitionFiles.ts); replaced files are
// deleted only after a grace period, so a reader that listed them a moment earlier can still read them.
import { open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLES, type FactTable } from '../../schema/tables.js';
import { quoteIdent, quoteLiteral, readParquetSql } from '../../schema/duckdbSql.js';
import { listParquetFiles, readSupersessions, SUPERSEDED_FILE, type Supersession } from './partitionFiles.js';
import { partitionDir } from './lakeLayout.js';

export interface CompactionPolicy {
  /** Compact a partition once it has this many files. */
  minFiles: number;
  /** Replaced files stay readable this long (longer than any read of a listed file takes). */
  graceMs: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = { minFiles: 16, graceMs: 10 * 60_000 };

let compactions = 0;

async function writeSupersessions(dir: string, list: readonly Supersession[]): Promise<void> {
  const file = path.join(dir, SUPERSEDED_FILE);
  if (!list.length) { await rm(file, { force: true }); return; }
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(list));
  const fh = await open(tmp, 'r+');
  try { await fh.sync(); } finally { await fh.close(); }
  await rename(tmp, file);
}

/**
 * Deletes replaced files whose grace period is over, and forgets their record. A record whose replacement never
 * appeared (a crash between the record and the rename) hides nothing: it is forgotten and its files are kept.
 */
async function deleteExpired(dir: string, nowMs: number, graceMs: number): Promise<number> {
  const list = await readSupersessions(dir);
  const present = new Set(await readdir(dir).catch(() => [] as string[]));
  const keep: Supersession[] = [];
  let deleted = 0;
  for (const s of list) {
    if (nowMs - s.atMs < graceMs) { keep.push(s); continue; }
    if (!present.has(s.replacement)) continue;
    for (const f of s.files) { await rm(path.join(dir, f), { force: true }); deleted++; }
  }
  if (keep.length !== list.length) await writeSupersessions(dir, keep);
  return deleted;
}

/**
 * Compacts one fact partition when it has at least `minFiles` files: the rows of all its current files, in time
 * order, become one file. Returns how many files it replaced (0 when it left the partition alone).
 */
export async function compactPartition(
  conn: DuckDBConnection, lakeDir: string, table: FactTable, dayMs: number, nowMs: number, policy: CompactionPolicy = DEFAULT_COMPACTION,
): Promise<{ replaced: number; deleted: number }> {
  const dir = partitionDir(lakeDir, table, dayMs);
  const deleted = await deleteExpired(dir, nowMs, policy.graceMs);
  const files = await listParquetFiles(dir);
  if (files.length < policy.minFiles) return { replaced: 0, deleted };
  const name = `compact-${nowMs.toString(36)}-${process.pid}-${compactions++}.parquet`;
  const target = path.join(dir, name);
  const tmp = `${target}.tmp`;
  const order = [TABLES[table].timeColumn, ...TABLES[table].key].filter((c, i, a) => a.indexOf(c) === i).map(quoteIdent).join(', ');
  await conn.run(`COPY (SELECT * FROM ${readParquetSql(files)} ORDER BY ${order}) TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  const fh = await open(tmp, 'r+');
  try { await fh.sync(); } finally { await fh.close(); }
  // The record first, then the file: a listing that sees the replacement also sees what it replaces.
  await writeSupersessions(dir, [...await readSupersessions(dir), { replacement: name, files: files.map((f) => path.basename(f)), atMs: nowMs }]);
  await rename(tmp, target);
  return { replaced: files.length, deleted };
}
