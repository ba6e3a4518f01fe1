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
import { registerFirstPaintRoute } from './data/firstPaintRoute.js';
import { registerHistoryRoutes } from './data/historyRoutes.js';
import { appRouter, type AppRouter } from './trpc/appRouter.js';
import { isRatedTable } from '../schema/ratedTables.js';
import { sendRatedTable } from './revenue/ratedSnapshot.js';
import { installHttpAuth, sameOrigin, deny, type DeclaredRoute } from './identity/httpAuth.js';
import { installSecurityHeaders } from './identity/securityHeaders.js';
import { registerAuthRoutes } from './identity/authRoutes.js';
import { LoginThrottle } from './identity/loginThrottle.js';
import { registerAuditCsvRoute } from './identity/auditCsv.js';
import { registerOidcConfigRoute, registerOidcRoutes } from './identity/oidcRoutes.js';
import { resolveDataScope, type DataScope } from './identity/dataScope.js';
import { registerReportArchiveRoute } from './reports/reportArchiveRoute.js';
import { registerReportRoutes } from './reports/reportRoutes.js';
import type { PdfRenderer } from './reports/pdfRenderer.js';
import type { AuthUser } from './identity/identityService.js';
import type { OidcConfig } from './config.js';
import { installRequestLimits, retryAfterHeaders, type InstalledLimits } from './limits/httpLimits.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './limits/limitPolicy.js';
import { withoutLocalPaths } from './limits/publicErrors.js';
import { registerAlertmanagerRoute } from './alertmanager/alertmanagerRoute.js';
import { registerMetricsRoute } from './observability/metricsRoute.js';

export interface AppOptions {
  clientDir: string | null;
  logger: FastifyBaseLogger;
  liveHighWaterBytes?: number;
  sessionTtlMs: number;
  oidc?: OidcConfig | null;
  /** The server's one Chromium for report PDFs and HTML; null or absent: those routes answer 503. */
  reportRenderer?: PdfRenderer | null;
  /** Per-client rate limit and heavy-work concurrency limit; absent: the defaults of OPSDECK_RATE_LIMIT_* / OPSDECK_HEAVY_*. */
  limits?: RequestLimits;
}

/** Requests bigger than this are refused before parsing (the largest legitimate one is an ingest batch of 10k events). */
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export async function buildApp(rt: Runtime, o: AppOptions): Promise<{ app: FastifyInstance; hub: LiveHub; routes: readonly DeclaredRoute[]; limits: InstalledLimits }> {
  // Per-request logs would drown the pipeline's own logs at live-stream rates; errors are still logged.
  const app = Fastify({
    loggerInstance: o.logger,
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
  });
  installSecurityHeaders(app);
  // One per-address limit on password guesses, whether they come to the sign-in route or as Basic credentials.
  const throttle = new LoginThrottle({ maxAttempts: 10, windowMs: 60_000 });
  const routes = installHttpAuth(app, rt.identity, { procedurePrefix: '/trpc', throttle });
  // After identity (a signed-in user is one client wherever they connect from), before every route.
  const limits = installRequestLimits(app, o.limits ?? DEFAULT_REQUEST_LIMITS);
  // Errors outside tRPC: the status and a message, never a stack or a file path; server errors say only that they were logged.
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, url: req.url }, 'request failed');
    return reply.code(status).send({ error: status >= 500 ? 'internal error (logged on the server)' : withoutLocalPaths(err.message) });
  });
  const scopeOf = (user: AuthUser | null): DataScope => resolveDataScope(user?.scope ?? null, rt.sites);
  const hub = new LiveHub(rt.hot, { highWaterBytes: o.liveHighWaterBytes });
  // Coalesce the chunks of one simulator tick into one pump per subscriber.
  let scheduled = false;
  rt.ingest.onChunk(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => { scheduled = false; hub.notify(); });
  });

  registerAuthRoutes(app, rt.identity, { sessionTtlMs: o.sessionTtlMs, throttle });
  registerAuditCsvRoute(app, rt.identity.audit);
  registerOidcConfigRoute(app, o.oidc ?? null);
  if (o.oidc) registerOidcRoutes(app, rt.identity, o.oidc, o.sessionTtlMs);

  registerReportArchiveRoute(app, rt.reports.archive, scopeOf);
  registerReportRoutes(app, {
    definition: (id) => rt.reports.definition(id), definitionIds: () => rt.reports.definitions.map((d) => d.id),
    report: (def, period, scope) => rt.executive.report(def, period, scope), renderer: o.reportRenderer ?? null, scopeOf,
    now: () => rt.clock.now(),
  });

  app.get('/healthz', { config: { permission: 'public' } }, async () => ({ status: 'ok', seq: rt.hot.seq, uptimeSec: Math.round((Date.now() - rt.startedAtMs) / 1000) }));
  // Prometheus scrapes /metrics; Alertmanager posts its notifications to the receiver, which the metrics count.
  const alertmanager = await registerAlertmanagerRoute(app, {
    durableIngest: rt.durableIngest, deadLetters: rt.deadLetters, sites: () => rt.noc.sites(), now: () => rt.clock.now(),
  });
  registerMetricsRoute(app, { rt, hub, alertmanager, scopeOf });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => ({ rt, hub, user: req.user, scope: scopeOf(req.user), ip: req.ip, heavyWork: limits.heavy }),
      // Calls refused for load answer 429 (tRPC's status for TOO_MANY_REQUESTS) with when to come back.
      responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
      onError: ({ error, path }) => { if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error, path }, 'tRPC error'); },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  registerFirstPaintRoute(app, rt, scopeOf);
  registerHistoryRoutes(app, rt, scopeOf);
  app.get<{ Params: { table: string }; Querystring: Record<string, string> }>('/data/:table', { config: { permission: 'data.read' } }, async (req, reply) => {
    if (isRatedTable(req.params.table)) {
      if (!req.user!.permissions.has('revenue.read')) return deny(reply, 403, 'revenue tables need the revenue.read permission');
      return sendRatedTable(rt.revenue, req.params.table, reply, scopeOf(req.user));
    }
    const parsed = parseSnapshotRequest(req.params.table, req.query);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    const snap = await streamSnapshot(rt.facts, parsed.req, scopeOf(req.user));
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
  // A WebSocket is not covered by SameSite cookies' CSRF protection in every browser: refuse other origins outright.
  app.get(LIVE_PATH, {
    websocket: true,
    config: { permission: 'data.read' },
    preValidation: async (req, reply) => { if (!sameOrigin(req)) return deny(reply, 403, 'cross-origin WebSocket refused'); },
  }, (socket, req) => hub.attach(socket, scopeOf(req.user)));

  if (o.clientDir && existsSync(o.clientDir)) {
    await app.register(fastifyStatic, { root: o.clientDir, wildcard: false });
    // Client-side routes fall back to the app shell; API paths keep their 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !/^\/(trpc|data|live|healthz|auth|admin|reports|metrics|alertmanager)\b/.test(req.url)) return reply.sendFile('index.html');
      return reply.code(404).send({ error: `not found: ${req.method} ${req.url}` });
    });
  }
  app.addHook('onClose', async () => { hub.closeAll(); });
  return { app, hub, routes, limits };
}
