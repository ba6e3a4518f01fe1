// PostgreSQL implementation of the SQL driver seam (production path: several replicas share one ticket store).
import pg from 'pg';
import type { SqlDriver, SqlParam } from './sqlDriver.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

function wrap(q: Queryable, tx: (fn: (d: SqlDriver) => Promise<unknown>) => Promise<unknown>, close: () => Promise<void>): SqlDriver {
  return {
    dialect: 'postgres',
    async exec(sql, params) { const r = await q.query(sql, params as SqlParam[] | undefined); return r.rowCount ?? 0; },
    async query<T>(sql: string, params?: readonly SqlParam[]) { const r = await q.query(sql, params as SqlParam[] | undefined); return r.rows as T[]; },
    transaction: tx as SqlDriver['transaction'],
    close,
  };
}

/** Opens a pool on `connectionString`; fails fast (connect timeout) so callers can fall back or skip. */
export async function openPgDriver(connectionString: string, connectTimeoutMs = 2000): Promise<SqlDriver> {
  const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: connectTimeoutMs, max: 4 });
  const probe = await pool.connect();
  probe.release();
  const transaction = async <T>(fn: (d: SqlDriver) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(wrap(client, () => Promise.reject(new Error('nested transactions are not supported')), async () => undefined));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  return wrap(pool, transaction as (fn: (d: SqlDriver) => Promise<unknown>) => Promise<unknown>, () => pool.end());
}
