// The history data plane over HTTP: the plan (`/data/plan`), its hot parts (`/data/hot/<plan>/<table>`, Arrow IPC) and the
// lake files themselves (`/data/files/...`). Readers with a data scope are told to use the filtered IPC snapshots instead.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  ARROW_STREAM_MIME, HISTORY_PLAN_PATH, HOT_PART_PREFIX, SNAPSHOT_ROWS_HEADER, SNAPSHOT_SEQ_HEADER, parseHistoryPlanRequest,
  type HistoryPlan,
} from '../../schema/dataPlane.js';
import { isFactTable } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import { deny } from '../identity/httpAuth.js';
import { HistoryPlanner } from './historyPlanner.js';
import { HotPartStore } from './hotPartStore.js';
import { registerLakeFileRoute } from './lakeFileRoute.js';
import { hotPartStream } from './snapshot.js';

/** As long as the files a plan names are promised to stay readable (compaction keeps superseded files that long). */
export const PLAN_LIFETIME_MS = 10 * 60_000;

const SCOPED_REASON = 'your data scope filters rows on the server: read /data/:table (IPC snapshots); rollup files are not available to you';

export function registerHistoryRoutes(app: FastifyInstance, rt: { facts: FactReader }, scopeOf: (u: AuthUser | null) => DataScope): void {
  const hotParts = new HotPartStore({ ttlMs: PLAN_LIFETIME_MS, maxPlans: 256 });
  const planner = new HistoryPlanner(rt.facts, hotParts);
  registerLakeFileRoute(app, rt.facts.lake.dir, scopeOf);

  app.get(HISTORY_PLAN_PATH, { config: { permission: 'data.read' } }, async (req, reply) => {
    const parsed = parseHistoryPlanRequest(req.query);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    reply.header('cache-control', 'no-store');
    if (!scopeOf(req.user).unrestricted) return reply.send({ kind: 'scoped', reason: SCOPED_REASON } satisfies HistoryPlan);
    return reply.send(await planner.plan(parsed.req, req.user!.username) satisfies HistoryPlan);
  });

  app.get<{ Params: { planId: string; table: string } }>(`${HOT_PART_PREFIX}:planId/:table`, { config: { permission: 'data.read' } }, async (req, reply) => {
    const { planId, table } = req.params;
    if (!isFactTable(table)) return reply.code(400).send({ error: `not a fact table: '${table}'` });
    if (!scopeOf(req.user).unrestricted) return deny(reply, 403, SCOPED_REASON);
    const got = hotParts.take(planId, req.user!.username, table);
    if (!got.ok) return reply.code(got.status).header('cache-control', 'no-store').send({ error: got.error });
    const snap = hotPartStream(table, got.part.seq, got.part.tables);
    // Pulled as the socket drains, one record batch at a time (see the /data/:table route).
    return reply
      .header('content-type', ARROW_STREAM_MIME)
      .header(SNAPSHOT_SEQ_HEADER, String(snap.seq))
      .header(SNAPSHOT_ROWS_HEADER, String(snap.rows))
      .header('cache-control', 'no-store')
      .send(Readable.from(snap.bytes(), { objectMode: false, highWaterMark: 1 }));
  });
}
