// Installs the request limits on the fastify app: a token bucket per client on every request (after identity, so a
// signed-in user is one client whatever their address) and the heavy-work concurrency limit on the heavy routes;
// refusals are 429 with Retry-After. tRPC procedures take the same limiter through their context (server/trpc/trpc.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConcurrencyLimiter, TooBusyError } from './concurrencyLimiter.js';
import { HEAVY_ROUTES, UNLIMITED_ROUTES, type RequestLimits } from './limitPolicy.js';
import { TokenBuckets } from './tokenBuckets.js';

export interface InstalledLimits {
  /** The server-wide heavy-work limiter (shared with tRPC); null when OPSDECK_HEAVY_CONCURRENCY is 0. */
  heavy: ConcurrencyLimiter | null;
  buckets: TokenBuckets | null;
}

export function tooManyRequests(reply: FastifyReply, retryAfterSec: number, error: string): FastifyReply {
  return reply.code(429).header('retry-after', String(retryAfterSec)).header('cache-control', 'no-store').send({ error });
}

/** Who a request counts against: the signed-in user, else the address it came from. */
function clientKey(req: FastifyRequest): string {
  return req.user ? `user:${req.user.username}` : `ip:${req.ip}`;
}

/** Must be installed after identity (its onRequest hook reads `req.user`) and before the routes. */
export function installRequestLimits(app: FastifyInstance, limits: RequestLimits, now: () => number = Date.now): InstalledLimits {
  const buckets = limits.rateLimitPerSec > 0
    ? new TokenBuckets({ ratePerSec: limits.rateLimitPerSec, burst: Math.max(1, limits.rateLimitBurst) }, now) : null;
  const heavy = limits.heavyConcurrency > 0
    ? new ConcurrencyLimiter({ maxRunning: limits.heavyConcurrency, maxQueued: limits.heavyQueue }, now) : null;

  if (buckets) {
    app.addHook('onRequest', async (req, reply) => {
      const url = req.routeOptions.url;
      // The client's static files are one page load's worth of requests; they cost nothing to serve.
      if (url !== undefined && (UNLIMITED_ROUTES.has(url) || (req.routeOptions.config as { rootPath?: string } | undefined)?.rootPath !== undefined)) return;
      const waitSec = buckets.take(clientKey(req));
      if (waitSec > 0) {
        return tooManyRequests(reply, waitSec, `too many requests (over ${limits.rateLimitPerSec} per second for this client); retry in ${waitSec} s`);
      }
    });
  }

  if (heavy) {
    const releases = new WeakMap<FastifyRequest, () => void>();
    app.addHook('preHandler', async (req, reply) => {
      if (!HEAVY_ROUTES.has(req.routeOptions.url ?? '')) return;
      // A client that disconnects while waiting gives its place up.
      const gone = new AbortController();
      const onClose = () => gone.abort(new Error('client went away'));
      reply.raw.once('close', onClose);
      let release: () => void;
      try {
        release = await heavy.acquire(gone.signal);
      } catch (e) {
        if (e instanceof TooBusyError) return tooManyRequests(reply, e.retryAfterSec, e.message);
        return reply.code(503).send({ error: 'client went away while waiting' });
      } finally {
        reply.raw.off('close', onClose);
      }
      releases.set(req, release);
      // Held until the response is fully sent (snapshots stream) or the connection closes, whichever comes first.
      reply.raw.once('close', release);
    });
    app.addHook('onResponse', async (req) => { releases.get(req)?.(); });
  }
  return { heavy, buckets };
}

/** The Retry-After header for a tRPC response whose calls were refused for load (the largest wait among them). */
export function retryAfterHeaders(errors: readonly { cause?: unknown }[]): Record<string, string> | undefined {
  const waits = errors.map((e) => (e.cause instanceof TooBusyError ? e.cause.retryAfterSec : 0)).filter((s) => s > 0);
  return waits.length ? { 'retry-after': String(Math.max(...waits)) } : undefined;
}
