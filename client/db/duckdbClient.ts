// Owns the one AsyncDuckDB (running in its Web Worker) and exposes a small, serialised, typed API.
import { AsyncDuckDB, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { Table } from 'apache-arrow';
import { LOCAL_DUCKDB_BUNDLES, selectLocalBundle } from './duckdbBundles.js';

/** Plain JS row: BIGINT -> number (counts and ids stay below 2^53), timestamps -> epoch ms. */
export type SqlRow = Record<string, string | number | boolean | null>;

export interface DuckDbOps {
  query(sql: string): Promise<Table>;
  queryRows<R extends SqlRow = SqlRow>(sql: string): Promise<R[]>;
  exec(sql: string): Promise<void>;
  /** Appends an Arrow IPC stream to an existing table (columns in table order). */
  insertIpc(table: string, ipc: Uint8Array): Promise<void>;
}

export interface DuckDbClient extends DuckDbOps {
  /**
   * Runs `fn` with the connection to itself: nothing else interleaves, so several statements
   * (an insert and the seq it advances, or counts and the seq they belong to) are one moment.
   */
  exclusive<T>(fn: (ops: DuckDbOps) => Promise<T>): Promise<T>;
  readonly bundle: 'eh' | 'mvp';
  close(): Promise<void>;
}

function toJsValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

export function arrowToRows<R extends SqlRow>(table: Table): R[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n));
  const out: R[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: SqlRow = {};
    for (let j = 0; j < names.length; j++) row[names[j]!] = toJsValue(cols[j]?.get(i));
    out[i] = row as R;
  }
  return out;
}

function opsOf(conn: AsyncDuckDBConnection): DuckDbOps {
  return {
    query: (sql) => conn.query(sql),
    async queryRows<R extends SqlRow>(sql: string) { return arrowToRows<R>(await conn.query(sql)); },
    async exec(sql) { await conn.query(sql); },
    // insertArrowFromIPCStream transfers bytes.buffer to the worker: callers must not reuse it.
    insertIpc: (table, ipc) => conn.insertArrowFromIPCStream(ipc, { name: table, create: false }),
  };
}

/** Starts DuckDB-WASM from the app's own bundled files and opens one connection. */
export async function openDuckDb(): Promise<DuckDbClient> {
  const bundle = await selectLocalBundle();
  if (!bundle.mainWorker) throw new Error('DuckDB bundle without a worker');
  const worker = new Worker(bundle.mainWorker);
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: false, castTimestampToDate: false } });
  const conn = await db.connect();
  const ops = opsOf(conn);
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: (o: DuckDbOps) => Promise<T>): Promise<T> => {
    const run = tail.then(() => fn(ops));
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    bundle: bundle.mainModule === LOCAL_DUCKDB_BUNDLES.eh?.mainModule ? 'eh' : 'mvp',
    exclusive,
    query: (sql) => exclusive((o) => o.query(sql)),
    queryRows: <R extends SqlRow>(sql: string) => exclusive((o) => o.queryRows<R>(sql)),
    exec: (sql) => exclusive((o) => o.exec(sql)),
    insertIpc: (table, ipc) => exclusive((o) => o.insertIpc(table, ipc)),
    async close() { await conn.close(); await db.terminate(); },
  };
}
