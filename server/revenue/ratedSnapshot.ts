// Serves a rated table on the Arrow data plane (`GET /data/<rated table>`), with the rating version it belongs to.
import type { FastifyReply } from 'fastify';
import { ARROW_STREAM_MIME, SNAPSHOT_ROWS_HEADER } from '../../schema/dataPlane.js';
import { RATED_VERSION_HEADER, type RatedTableName } from '../../schema/ratedTables.js';
import type { RevenueService } from './revenueService.js';

export function sendRatedTable(revenue: RevenueService, table: RatedTableName, reply: FastifyReply): FastifyReply {
  const s = revenue.snapshot;
  if (!s) return reply.code(503).header('retry-after', '2').send({ error: 'revenue is being rated, retry shortly' });
  const ipc = s.ipc[table];
  const rows = table === 'revenue_day' ? s.rated.revenueDay.length : table === 'model_day' ? s.rated.modelDay.length : s.rated.quotaBurn.length;
  return reply
    .header('content-type', ARROW_STREAM_MIME)
    .header(RATED_VERSION_HEADER, String(s.version))
    .header(SNAPSHOT_ROWS_HEADER, String(rows))
    .header('cache-control', 'no-store')
    .send(Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength));
}
