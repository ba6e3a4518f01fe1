// Where each table lives inside a lake directory: Parquet partitioned by table and UTC date.
import path from 'node:path';
import { TABLES, type TableName } from '../../schema/tables.js';
import type { RollupName } from '../../schema/rollups.js';

export const MANIFEST_FILE = 'manifest.json';

/** What the generator records about a lake; readers use it for the time range and provenance. */
export interface LakeManifest {
  format: 'opsdeck-lake/1';
  seed: number;
  sites: number;
  accounts: number;
  days: number;
  /** Inclusive start and exclusive end of the generated facts, epoch ms (UTC midnights). */
  startMs: number;
  endMs: number;
  rows: Partial<Record<TableName, number>>;
}

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function tableDir(lakeDir: string, table: TableName): string {
  return path.join(lakeDir, table);
}

/** Partition directory of a fact table for one UTC day; dimensions are not partitioned. */
export function partitionDir(lakeDir: string, table: TableName, dayMs: number): string {
  return TABLES[table].kind === 'fact' ? path.join(lakeDir, table, `date=${utcDate(dayMs)}`) : path.join(lakeDir, table);
}

/** Glob DuckDB's read_parquet expands to every file of a table. */
export function tableGlob(lakeDir: string, table: TableName): string {
  return TABLES[table].kind === 'fact'
    ? path.join(lakeDir, table, 'date=*', '*.parquet')
    : path.join(lakeDir, table, '*.parquet');
}

/** Rollups live beside the raw tables: `rollup/<name>/date=<day>/day.parquet`, one file per rollup and UTC day. */
export const ROLLUP_DIR = 'rollup';
export const ROLLUP_DAY_FILE = 'day.parquet';

export function rollupDayFile(lakeDir: string, name: RollupName, dayMs: number): string {
  return path.join(lakeDir, ROLLUP_DIR, name, `date=${utcDate(dayMs)}`, ROLLUP_DAY_FILE);
}

export function rollupDir(lakeDir: string, name: RollupName): string {
  return path.join(lakeDir, ROLLUP_DIR, name);
}

/** UTC midnight of a `date=YYYY-MM-DD` partition directory name, or null for any other name. */
export function partitionDayMs(dirName: string): number | null {
  const m = /^date=(\d{4}-\d{2}-\d{2})$/.exec(dirName);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : null;
}
