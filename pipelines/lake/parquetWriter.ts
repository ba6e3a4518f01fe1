// Writes typed rows to one Parquet file through DuckDB's appender, atomically and durably (temp file, fsync, rename).
import { open, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBTimestampMillisecondsValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnKind, TableSpec } from '../../schema/columns.js';
import { createTableSql, quoteIdent, quoteLiteral } from '../../schema/duckdbSql.js';

function appendCell(a: DuckDBAppender, kind: ColumnKind, v: unknown): void {
  if (v === null || v === undefined) { a.appendNull(); return; }
  switch (kind) {
    case 'int32': a.appendInteger(v as number); break;
    case 'int64': a.appendBigInt(BigInt(v as number)); break;
    case 'float64': a.appendDouble(v as number); break;
    case 'utf8': a.appendVarchar(v as string); break;
    case 'timestampMs': a.appendTimestampMilliseconds(new DuckDBTimestampMillisecondsValue(BigInt(v as number))); break;
  }
}

let staging = 0;

/** Longest stretch of appending between yields to the event loop (a live flush runs inside the server). */
const SLICE_MS = 10;

/**
 * Creates table `name` with the spec's columns and appends the rows (for SQL over JS-made rows). `rows` may be a
 * lazy iterable (e.g. converting Arrow chunks one at a time); the loop yields to the event loop every few ms.
 */
export async function stageRows(conn: DuckDBConnection, name: string, spec: TableSpec, rows: Iterable<Record<string, unknown>>): Promise<void> {
  await conn.run(createTableSql(name, spec));
  const a = await conn.createAppender(name);
  const cols = Object.entries(spec);
  let n = 0;
  let sliceStart = performance.now();
  for (const r of rows) {
    for (const [col, c] of cols) appendCell(a, c.kind, r[col]);
    a.endRow();
    if (++n % 1024 === 0 && performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  a.closeSync();
}

/** Appends rows into a staging table of the (in-memory) writer database and COPYs it to `file`; the file appears only once complete. */
export async function writeRowsToParquet(
  conn: DuckDBConnection, spec: TableSpec, rows: Iterable<Record<string, unknown>>, file: string,
): Promise<void> {
  const tmpTable = `staging_${process.pid}_${staging++}`;
  try {
    await stageRows(conn, tmpTable, spec, rows);
    await mkdir(path.dirname(file), { recursive: true });
    const tmpFile = `${file}.tmp`;
    await conn.run(`COPY ${quoteIdent(tmpTable)} TO ${quoteLiteral(tmpFile)} (FORMAT parquet, COMPRESSION zstd)`);
    // On disk before it becomes visible: the write-ahead log deletes acknowledged rows once their file exists.
    const fh = await open(tmpFile, 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
    await rename(tmpFile, file);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(tmpTable)}`);
  }
}
