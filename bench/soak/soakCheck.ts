// What the drill verifies after the last shutdown, from the files themselves: every acknowledged event is in the
// lake exactly once, and the ticket store lost no ticket the API showed and holds no two open tickets for one group.
import { DuckDBInstance } from '@duckdb/node-api';
import { listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { readParquetSql } from '../../schema/duckdbSql.js';
import { ACTIVE_TICKET_STATES } from '../../schema/automation.js';

export interface EventCheck {
  acknowledged: number;
  /** Acknowledged events found in the lake (distinct). */
  stored: number;
  /** Extra copies of the producer's events in the lake (rows minus distinct ids). */
  duplicated: number;
  /** Acknowledged events missing from the lake. */
  lost: number;
  /** Events the lake holds whose acknowledgement never arrived (allowed: the answer died with the process). */
  storedUnacknowledged: number;
  lostSample: number[];
}

/** Runs `fn` with a query function on a DuckDB of its own (a file opened read-only, or ':memory:'), closed after. */
export async function withDb<T>(file: string, fn: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(file, file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try { return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]); } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export async function checkEvents(lakeDir: string, idFrom: number, idTo: number, acked: ReadonlySet<number>): Promise<EventCheck> {
  // The files every reader sees (compaction's replaced files stay on disk for a grace period, hidden from listings).
  const files = await listTableFiles(lakeDir, 'usage');
  const rows = files.length ? await withDb(':memory:', (run) => run(`SELECT event_id::DOUBLE AS id, count(*)::INT AS n
    FROM ${readParquetSql(files)} WHERE event_id >= ${idFrom} AND event_id < ${idTo} GROUP BY 1`)) : [];
  const inLake = new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  let duplicated = 0, storedUnacknowledged = 0;
  for (const [id, n] of inLake) { duplicated += n - 1; if (!acked.has(id)) storedUnacknowledged++; }
  const lostIds = [...acked].filter((id) => !inLake.has(id));
  return {
    acknowledged: acked.size, stored: acked.size - lostIds.length, duplicated, lost: lostIds.length, storedUnacknowledged,
    lostSample: lostIds.slice(0, 10),
  };
}

export interface TicketCheck {
  /** Tickets in the store at the end. */
  tickets: number;
  /** Ticket ids the API showed during the drill that the store no longer holds. */
  lost: number;
  /** Groups with more than one open ticket (one incident, two tickets). */
  duplicatedGroups: number;
}

export async function checkTickets(stateFile: string, seen: ReadonlySet<number>): Promise<TicketCheck> {
  return withDb(stateFile, async (run) => {
    const ids = new Set((await run('SELECT ticket_id::DOUBLE AS id FROM opsdeck_ticket')).map((r) => Number(r.id)));
    const active = ACTIVE_TICKET_STATES.map((s) => `'${s}'`).join(', ');
    const [dup] = await run(`SELECT count(*)::INT AS n FROM (SELECT group_key FROM opsdeck_ticket WHERE state IN (${active}) GROUP BY 1 HAVING count(*) > 1)`);
    return { tickets: ids.size, lost: [...seen].filter((id) => !ids.has(id)).length, duplicatedGroups: Number(dup?.n ?? 0) };
  });
}
