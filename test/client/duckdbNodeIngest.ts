// The browser's history-load operations (client/dataSync/historyLoader.ts FileIngestOps) on DuckDB node, so tests run the
// client's own statements; IPC goes in row by row, and Parquet is decoded by the same parquet-wasm as in the browser.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { tableToRows } from '../../schema/arrowRows.js';
import type { TableSpec } from '../../schema/columns.js';
import { quoteIdent } from '../../schema/duckdbSql.js';
import { stageRows } from '../../pipelines/lake/parquetWriter.js';
import type { FileIngestOps, ParquetDecoder } from '../../client/dataSync/historyLoader.js';
import { parquetDecoder } from '../../client/dataSync/parquetIpc.js';

/** The browser's decoder, on parquet-wasm's node build. */
export const nodeParquetDecoder: ParquetDecoder = parquetDecoder(readParquet);

export interface NodeIngest {
  conn: DuckDBConnection;
  ops: FileIngestOps;
  /** Rows as plain JS values (BigInt -> number, timestamps -> epoch ms). */
  rows(sql: string): Promise<Array<Record<string, number | string | null>>>;
  close(): Promise<void>;
}

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v);

/** `specOf` names the columns of a table IPC is appended to. */
export async function openNodeIngest(specOf: (table: string) => TableSpec): Promise<NodeIngest> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let staged = 0;
  const rows = async (sql: string) => ((await conn.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>)
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])) as Record<string, number | string | null>);
  const ops: FileIngestOps = {
    exec: async (sql) => { await conn.run(sql); },
    queryRows: rows,
    async insertIpc(table, ipc) {
      const spec = specOf(table);
      const tmp = `ipc_${++staged}`;
      await stageRows(conn, tmp, spec, tableToRows(spec, tableFromIPC(ipc)) as Iterable<Record<string, unknown>>);
      await conn.run(`INSERT INTO ${quoteIdent(table)} SELECT * FROM ${quoteIdent(tmp)}`);
      await conn.run(`DROP TABLE ${quoteIdent(tmp)}`);
    },
  };
  return { conn, ops, rows, async close() { conn.closeSync(); db.closeSync(); } };
}
