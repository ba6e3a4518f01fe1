// Bench server process: the real OpsDeck server (same config, runtime and routes as `npm start`) plus the
// baseline's JSON snapshot endpoint and the bench page, so both data planes are served by one process.
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { parseSnapshotRequest } from '../schema/dataPlane.js';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/startServer.js';
import { encodeJsonPage, snapshotColumns } from './baseline/jsonSnapshot.js';
import { BENCH_PAGE_PREFIX, JSON_SNAPSHOT_PATH } from './benchRoutes.js';

async function main(): Promise<void> {
  const pageDir = process.env.OPSDECK_BENCH_PAGE_DIR;
  const server = await startServer(loadConfig(), {
    async beforeListen(app, rt) {
      app.get<{ Params: { table: string }; Querystring: Record<string, string> }>(`${JSON_SNAPSHOT_PATH}/:table`, {
        // The baseline serves the same rows as GET /data/:table, so it needs the same permission.
        config: { permission: 'data.read' },
      }, async (req, reply) => {
        const parsed = parseSnapshotRequest(req.params.table, req.query);
        if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
        const page = await snapshotColumns(rt.facts, parsed.req);
        return reply.header('content-type', 'application/json').header('cache-control', 'no-store').send(encodeJsonPage(page));
      });
      if (pageDir) {
        // One route per file (wildcard: false), like the app's own bundle: static files are public (httpAuth), the data is not.
        await app.register(fastifyStatic, { root: path.resolve(pageDir), prefix: BENCH_PAGE_PREFIX, decorateReply: false, wildcard: false });
      }
    },
  });
  // One machine-readable line tells the harness where we listen.
  process.stdout.write(`${JSON.stringify({ listening: server.url })}\n`);
  const stop = () => { server.close().then(() => process.exit(0), () => process.exit(1)); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
