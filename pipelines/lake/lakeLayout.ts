// Where each table lives inside a lake directory: Parquet partitioned by table and UTC date.
import path from 'node:path';
import { TABLES, type TableName } from '../../schema/tables.js';

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
