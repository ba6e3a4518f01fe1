// The fastify application: health, tRPC control plane, Arrow IPC snapshots, live WebSocket, static client.
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import {
  ARROW_STREAM_MIME, LIVE_PATH, SNAPSHOT_ROWS_HEADER, SNAPSHOT_SEQ_HEADER, parseSnapshotRequest,
} from '../schema/dataPlane.js';
import type { Runtime } from './runtime.js';
import { LiveHub } from './live/liveHub.js';
import { streamSnapshot } from './data/snapshot.js';
import { appRouter, type AppRouter } from './trpc/appRouter.js';
import { isRatedTable } from '../schema/ratedTables.js';
import { sendRatedTable } from './revenue/ratedSnapshot.js';

export interface AppOptions { clientDir: string | null; logger: FastifyBaseLogger; liveHighWaterBytes?: number }

export async function buildApp(rt: Runtime, o: AppOptions): Promise<{ app: FastifyInstance; hub: LiveHub }> {
  // Per-request logs would drown the pipeline's own logs at live-stream rates; errors are still logged.
  const app = Fastify({
    loggerInstance: o.logger,
    bodyLimit: 32 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  });
  const hub = new LiveHub(rt.hot, { highWaterBytes: o.liveHighWaterBytes });
  // Coalesce the chunks of one simulator tick into one pump per subscriber.
  let scheduled = false;
  rt.ingest.onChunk(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => { scheduled = false; hub.notify(); });
  });

  app.get('/healthz', async () => ({ status: 'ok', seq: rt.hot.seq, uptimeSec: Math.round((Date.now() - rt.startedAtMs) / 1000) }));

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: () => ({ rt, hub }),
      onError: ({ error, path }) => { if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error, path }, 'tRPC error'); },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  app.get<{ Params: { table: string }; Querystring: Record<string, string> }>('/data/:table', async (req, reply) => {
    if (isRatedTable(req.params.table)) return sendRatedTable(rt.revenue, req.params.table, reply);
    const parsed = parseSnapshotRequest(req.params.table, req.query);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    const snap = await streamSnapshot(rt.facts, parsed.req);
    // Pulled as the socket drains (byte mode, small high-water mark): one record batch in memory at a time;
    // a client that disconnects destroys the stream, which ends the lake query.
    const body = Readable.from(snap.bytes(), { objectMode: false, highWaterMark: 1 });
    return reply
      .header('content-type', ARROW_STREAM_MIME)
      .header(SNAPSHOT_SEQ_HEADER, String(snap.seq))
      .header(SNAPSHOT_ROWS_HEADER, String(snap.rows))
      .header('cache-control', 'no-store')
      .send(body);
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  app.get(LIVE_PATH, { websocket: true }, (socket) => hub.attach(socket));

  if (o.clientDir && existsSync(o.clientDir)) {
    await app.register(fastifyStatic, { root: o.clientDir, wildcard: false });
    // Client-side routes fall back to the app shell; API paths keep their 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !/^\/(trpc|data|live|healthz)\b/.test(req.url)) return reply.sendFile('index.html');
      return reply.code(404).send({ error: `not found: ${req.method} ${req.url}` });
    });
  }
  app.addHook('onClose', async () => { hub.closeAll(); });
  return { app, hub };
}
