// Writes history rows to one Parquet file atomically, staged column by column in DuckDB data chunks: about three times
// faster than a value-by-value appender for the ~10^5 generated revenue rows, and a rolled day's few rows alike.
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import {
  BIGINT, DOUBLE, DuckDBDataChunk, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import type { ColumnKind, TableSpec } from '../../schema/columns.js';
import { quoteIdent, quoteLiteral } from '../../schema/duckdbSql.js';

const CHUNK_ROWS = 2048;
let staged = 0;

/** Staging type of a column kind: timestamps travel as epoch-ms BIGINTs and become TIMESTAMP_MS in the COPY. */
function stagingType(kind: ColumnKind): DuckDBType {
  switch (kind) {
    case 'int32': return INTEGER;
    case 'int64': case 'timestampMs': return BIGINT;
    case 'float64': return DOUBLE;
    case 'utf8': return VARCHAR;
  }
}

function cell(kind: ColumnKind, v: unknown): DuckDBValue {
  if (v === null || v === undefined) return null;
  return kind === 'int64' || kind === 'timestampMs' ? BigInt(v as number) : (v as number | string);
}

/** COPYs the rows (in order) with the spec's column types to `file` via `${file}.tmp` and a rename. */
export async function writeHistoryParquet(conn: DuckDBConnection, spec: TableSpec, rows: readonly object[], file: string): Promise<void> {
  const cols = Object.entries(spec);
  const table = `history_stage_${staged++}`;
  await conn.run(`CREATE TEMP TABLE ${table} (${cols.map(([n, c]) => `${quoteIdent(n)} ${stagingType(c.kind).toString()}`).join(', ')})`);
  try {
    const types = cols.map(([, c]) => stagingType(c.kind));
    const app = await conn.createAppender(table);
    for (let lo = 0; lo < rows.length; lo += CHUNK_ROWS) {
      const part = rows.slice(lo, lo + CHUNK_ROWS) as Record<string, unknown>[];
      const chunk = DuckDBDataChunk.create(types, part.length);
      chunk.setColumns(cols.map(([n, c]) => part.map((r) => cell(c.kind, r[n]))));
      app.appendDataChunk(chunk);
    }
    app.closeSync();
    await mkdir(path.dirname(file), { recursive: true });
    const select = cols.map(([n, c]) => (c.kind === 'timestampMs'
      ? `make_timestamp_ms(${quoteIdent(n)})::TIMESTAMP_MS AS ${quoteIdent(n)}` : quoteIdent(n))).join(', ');
    await conn.run(`COPY (SELECT ${select} FROM ${table}) TO ${quoteLiteral(`${file}.tmp`)} (FORMAT parquet, COMPRESSION zstd)`);
    await rename(`${file}.tmp`, file);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
