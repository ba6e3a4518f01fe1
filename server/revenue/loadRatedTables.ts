// Loads a rating's tables into a DuckDB (node) connection the way the page holds them, for the bench and story data.
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ipcToTable, tableToRows } from '../../schema/arrowRows.js';
import type { TableSpec } from '../../schema/columns.js';
import { createTableSql, quoteIdent, quoteLiteral } from '../../schema/duckdbSql.js';
import { RATED_TABLES, RATED_TABLE_NAMES } from '../../schema/ratedTables.js';
import { writeRowsToParquet } from '../../pipelines/lake/parquetWriter.js';
import type { RevenueSnapshot } from './revenueService.js';

/** Each rated table goes through Parquet in `tmpDir` (as the lake writer stores it) into a table of the same name. */
export async function loadRatedTables(conn: DuckDBConnection, snap: RevenueSnapshot, tmpDir: string): Promise<void> {
  for (const n of RATED_TABLE_NAMES) {
    const spec = RATED_TABLES[n] as TableSpec;
    const file = path.join(tmpDir, `${n}.parquet`);
    await writeRowsToParquet(conn, spec, tableToRows(spec, ipcToTable(snap.ipc[n])) as Record<string, unknown>[], file);
    await conn.run(createTableSql(n, spec));
    await conn.run(`INSERT INTO ${quoteIdent(n)} SELECT * FROM read_parquet(${quoteLiteral(file)})`);
  }
}
