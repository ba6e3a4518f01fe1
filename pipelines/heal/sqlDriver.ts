// A minimal SQL driver seam so the ticket store runs on an embedded DuckDB file or on PostgreSQL with the same SQL.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type SqlParam = string | number | boolean | null;

export interface SqlDriver {
  readonly dialect: 'duckdb' | 'postgres';
  /** Runs a statement; returns the number of rows changed. */
  exec(sql: string, params?: readonly SqlParam[]): Promise<number>;
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs fn in one transaction; rolls back and rethrows on any error (including a failed commit). */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** DuckDB (@duckdb/node-api): one connection, statements serialised in call order. */
export class DuckDbDriver implements SqlDriver {
  readonly dialect = 'duckdb' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(private readonly db: DuckDBInstance, private readonly conn: DuckDBConnection, private readonly ownsDb: boolean) {}

  /** `path` is a database file (created if missing) or ':memory:'. */
  static async open(path: string): Promise<DuckDbDriver> {
    const db = await DuckDBInstance.create(path);
    return new DuckDbDriver(db, await db.connect(), true);
  }

  /** A second connection on the same database (what a second replica would be), for concurrency tests. */
  async fork(): Promise<DuckDbDriver> { return new DuckDbDriver(this.db, await this.db.connect(), false); }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async rawExec(sql: string, params?: readonly SqlParam[]): Promise<number> {
    const r = await this.conn.run(sql, params?.length ? (params as DuckDBValue[]) : undefined);
    return Number(r.rowsChanged);
  }
  private async rawQuery<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    const r = await this.conn.runAndReadAll(sql, params?.length ? (params as DuckDBValue[]) : undefined);
    return r.getRowObjectsJS().map(normaliseRow) as T[];
  }

  exec(sql: string, params?: readonly SqlParam[]): Promise<number> { return this.serial(() => this.rawExec(sql, params)); }
  query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> { return this.serial(() => this.rawQuery<T>(sql, params)); }

  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      // Inside the transaction the callback must bypass the queue (it is holding it).
      const tx: SqlDriver = {
        dialect: 'duckdb',
        exec: (s, p) => this.rawExec(s, p),
        query: <R>(s: string, p?: readonly SqlParam[]) => this.rawQuery<R>(s, p),
        transaction: () => Promise.reject(new Error('nested transactions are not supported')),
        close: () => Promise.resolve(),
      };
      await this.rawExec('BEGIN TRANSACTION');
      try {
        const out = await fn(tx);
        await this.rawExec('COMMIT');
        return out;
      } catch (e) {
        // A failed COMMIT has already ended the transaction; ROLLBACK then fails harmlessly.
        await this.rawExec('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.conn.closeSync();
    if (this.ownsDb) this.db.closeSync();
  }
}

/** BIGINTs come back as bigint from DuckDB and as strings from pg: the store wants plain numbers. */
export function normaliseRow(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}
