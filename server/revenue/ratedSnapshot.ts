// Serves a rated table on the Arrow data plane (`GET /data/<rated table>`), with the rating version it belongs to;
// a scoped user gets only the rows of provinces in their scope.
import type { FastifyReply } from 'fastify';
import { rowsToTable, tableToIpcStream } from '../../schema/arrowRows.js';
import type { TableSpec } from '../../schema/columns.js';
import { ARROW_STREAM_MIME, SNAPSHOT_ROWS_HEADER } from '../../schema/dataPlane.js';
import { RATED_TABLES, RATED_VERSION_HEADER, type RatedTableName } from '../../schema/ratedTables.js';
import type { RevenueService, RevenueSnapshot } from './revenueService.js';
import type { DataScope } from '../identity/dataScope.js';
import { scopeKeyOf } from '../data/scopedRows.js';

function ratedRows(s: RevenueSnapshot, table: RatedTableName): ReadonlyArray<{ province: string }> {
  return table === 'revenue_day' ? s.rated.revenueDay : table === 'model_day' ? s.rated.modelDay : s.rated.quotaBurn;
}

/** Scoped encodings per rating (dropped with it) and scope: a scope's users share one filtered copy. */
const scopedIpc = new WeakMap<RevenueSnapshot, Map<string, { ipc: Uint8Array; rows: number }>>();
const MAX_SCOPES_PER_RATING = 32;

/** The table's rows in the scope as Arrow IPC; unscoped users get the rating's own bytes. */
export function ratedTableIpc(s: RevenueSnapshot, table: RatedTableName, scope: DataScope): { ipc: Uint8Array; rows: number } {
  if (scope.provinces === null) return { ipc: s.ipc[table], rows: s.rows[table] };
  let byScope = scopedIpc.get(s);
  if (!byScope) scopedIpc.set(s, (byScope = new Map()));
  const key = `${table}|${scopeKeyOf(scope)}`;
  let hit = byScope.get(key);
  if (!hit) {
    const rows = ratedRows(s, table).filter((r) => scope.hasProvince(r.province));
    hit = { ipc: tableToIpcStream(rowsToTable(RATED_TABLES[table] as TableSpec, rows as never)), rows: rows.length };
    if (byScope.size < MAX_SCOPES_PER_RATING) byScope.set(key, hit);
  }
  return hit;
}

export function sendRatedTable(revenue: RevenueService, table: RatedTableName, reply: FastifyReply, scope: DataScope): FastifyReply {
  const s = revenue.snapshot;
  if (!s) return reply.code(503).header('retry-after', '2').send({ error: 'revenue is being rated, retry shortly' });
  const { ipc, rows } = ratedTableIpc(s, table, scope);
  return reply
    .header('content-type', ARROW_STREAM_MIME)
    .header(RATED_VERSION_HEADER, String(s.version))
    .header(SNAPSHOT_ROWS_HEADER, String(rows))
    .header('cache-control', 'no-store')
    .send(Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength));
}
