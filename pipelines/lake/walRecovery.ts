// Start-up recovery of the ingest write-ahead log: rows that were acknowledged but not yet flushed when the
// process died go into the lake, each exactly once (rows the lake already holds, e.g. from a flush that
// finished just before the crash, are skipped by event key), and then the segments are deleted.
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLES, isFactTable, type FactTable } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import { eventKey } from '../ingest/eventKeys.js';
import { walSegments, type WalRecord } from '../ingest/ingestWal.js';
import type { LakeReader } from './lakeReader.js';
import { partitionDir } from './lakeLayout.js';
import { writeRowsToParquet } from './parquetWriter.js';

const DAY_MS = 86_400_000;

export interface WalRecoveryResult {
  segments: number;
  /** Rows the log held (after removing copies within the log itself). */
  rows: number;
  /** Rows written to the lake now. */
  written: number;
  /** Rows the lake already held (flushed before the crash). */
  alreadyInLake: number;
  /** Lines that were cut short by the crash: their write never completed, so they were never acknowledged. */
  tornLines: number;
  files: number;
}

function parseLine(line: string): WalRecord | null {
  try {
    const r = JSON.parse(line) as Partial<WalRecord>;
    return typeof r.table === 'string' && isFactTable(r.table) && Array.isArray(r.rows) ? r as WalRecord : null;
  } catch { return null; }
}

export async function recoverWal(walDir: string, lake: LakeReader, conn: DuckDBConnection): Promise<WalRecoveryResult> {
  const out: WalRecoveryResult = { segments: 0, rows: 0, written: 0, alreadyInLake: 0, tornLines: 0, files: 0 };
  const segments = await walSegments(walDir);
  if (!segments.length) return out;
  out.segments = segments.length;
  const byTable = new Map<FactTable, Map<number | string, Record<string, unknown>>>();
  for (const seg of segments) {
    for (const line of (await readFile(seg.file, 'utf8')).split('\n')) {
      if (!line) continue;
      const rec = parseLine(line);
      if (!rec) { out.tornLines++; continue; }
      let rows = byTable.get(rec.table);
      if (!rows) byTable.set(rec.table, (rows = new Map()));
      for (const r of rec.rows) rows.set(eventKey(rec.table, r), r);
    }
  }
  const stamp = Date.now().toString(36);
  for (const [table, rows] of byTable) {
    out.rows += rows.size;
    const tc = TABLES[table].timeColumn;
    let lo = Infinity, hi = -Infinity;
    for (const r of rows.values()) { lo = Math.min(lo, r[tc] as number); hi = Math.max(hi, r[tc] as number); }
    // Only the log's time span of the lake can hold its rows: a flush interval's worth, not the whole lake.
    const cols = [...new Set([...TABLES[table].key, tc])];
    const existing = await lake.scan(table, { fromMs: lo, toMs: hi + 1 }, { columns: cols }) as Record<string, unknown[]>;
    const n = existing[tc]?.length ?? 0;
    for (let i = 0; i < n; i++) {
      const r: Record<string, unknown> = {};
      for (const c of cols) r[c] = existing[c]![i];
      if (rows.delete(eventKey(table, r))) out.alreadyInLake++;
    }
    const byDay = new Map<number, Record<string, unknown>[]>();
    for (const r of rows.values()) {
      const day = Math.floor((r[tc] as number) / DAY_MS) * DAY_MS;
      const list = byDay.get(day);
      if (list) list.push(r); else byDay.set(day, [r]);
    }
    for (const [day, dayRows] of byDay) {
      const file = path.join(partitionDir(lake.dir, table, day), `wal-${stamp}-${out.files}.parquet`);
      await writeRowsToParquet(conn, TABLES[table].spec as TableSpec, dayRows, file);
      out.written += dayRows.length;
      out.files++;
    }
  }
  // Only once every row is durable in the lake (writeRowsToParquet fsyncs before its rename).
  for (const seg of segments) await unlink(seg.file);
  return out;
}
