// Request limits: a token bucket per client and a server-wide limit on heavy work, both answering 429 with Retry-After
// (tRPC: TOO_MANY_REQUESTS with a readable message); /healthz is never limited; the policy names only real routes.
import http from 'node:http';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import type { DeclaredRoute } from '../../../server/identity/httpAuth.js';
import { ConcurrencyLimiter, TooBusyError } from '../../../server/limits/concurrencyLimiter.js';
import type { InstalledLimits } from '../../../server/limits/httpLimits.js';
import { HEAVY_PROCEDURES, HEAVY_ROUTES } from '../../../server/limits/limitPolicy.js';
import { TokenBuckets } from '../../../server/limits/tokenBuckets.js';
import { appRouter } from '../../../server/trpc/appRouter.js';
import { startRouterContext, type RouterContext } from '../routerContext.js';

const waitFor = async (cond: () => boolean) => { for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10)); };
const assuranceUrl = `/trpc/noc.assurance?input=${encodeURIComponent(JSON.stringify({ windowMs: 3_600_000 }))}`;

describe('token buckets', () => {
  it('allow a burst, then the sustained rate, per key; a refusal says when to retry', () => {
    let now = 0;
    const b = new TokenBuckets({ ratePerSec: 2, burst: 3 }, () => now);
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBe(1); // half a second to the next token: rounded up to a whole second
    expect(b.take('b')).toBe(0);
    now += 500;
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBe(1);
    now += 10_000;
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0, 1]);
  });
});

describe('concurrency limiter', () => {
  it('runs N, queues M in order, refuses the next with a Retry-After estimate, and frees places on release or abort', async () => {
    const lim = new ConcurrencyLimiter({ maxRunning: 2, maxQueued: 2 });
    const r1 = await lim.acquire();
    const r2 = await lim.acquire();
    const order: number[] = [];
    const q1 = lim.acquire().then((r) => { order.push(1); return r; });
    const gone = new AbortController();
    const q2 = lim.acquire(gone.signal);
    expect(lim.stats()).toMatchObject({ running: 2, queued: 2 });
    let refused: unknown;
    try { await lim.acquire(); } catch (e) { refused = e; }
    expect(refused).toBeInstanceOf(TooBusyError);
    expect((refused as TooBusyError).retryAfterSec).toBeGreaterThanOrEqual(1);
    gone.abort(new Error('client went away'));
    await expect(q2).rejects.toThrow('client went away');
    expect(lim.stats()).toMatchObject({ running: 2, queued: 1 });
    r1();
    r1(); // a second release of the same slot is ignored
    const r3 = await q1;
    expect(order).toEqual([1]);
    expect(lim.stats()).toMatchObject({ running: 2, queued: 0, refused: 1 });
    r2(); r3();
    expect(lim.stats()).toMatchObject({ running: 0, queued: 0 });
  });
});

describe('request limits on the app', () => {
  let rc: RouterContext;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => { rc = await startRouterContext(); }, 120_000);
  afterAll(async () => { for (const a of apps) await a.close(); await rc?.close(); });

  async function appWith(limits: { rateLimitPerSec: number; rateLimitBurst: number; heavyConcurrency: number; heavyQueue: number }) {
    const built = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000, limits });
    apps.push(built.app);
    return built;
  }

  it('the heavy-work list names only routes and procedures that exist', async () => {
    const { routes } = await appWith({ rateLimitPerSec: 0, rateLimitBurst: 1, heavyConcurrency: 0, heavyQueue: 0 });
    const urls = new Set(routes.map((r: DeclaredRoute) => r.url));
    expect([...HEAVY_ROUTES].filter((u) => !urls.has(u))).toEqual([]);
    const procedures = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures);
    expect([...HEAVY_PROCEDURES].filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it('with 1 heavy request running and 1 waiting, the next heavy request gets 429 + Retry-After (HTTP and tRPC); /healthz and light calls still answer', async () => {
    const { app, limits } = await appWith({ rateLimitPerSec: 0, rateLimitBurst: 1, heavyConcurrency: 1, heavyQueue: 1 });
    const heavy = (limits as InstalledLimits).heavy!;
    const authorization = await rc.bearer(['admin']);
    // Stands for a heavy request in progress (a real one finishes too fast on the tiny lake to be caught running).
    const running = await heavy.acquire();
    const queued = app.inject({ url: '/data/kpi', headers: { authorization } });
    await waitFor(() => heavy.stats().queued === 1);
    expect(heavy.stats()).toMatchObject({ running: 1, queued: 1 });

    const snapshot = await app.inject({ url: '/data/kpi', headers: { authorization } });
    expect(snapshot.statusCode).toBe(429);
    expect(Number(snapshot.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(snapshot.json<{ error: string }>().error).toMatch(/busy with other heavy requests.*retry later/);

    const trpc = await app.inject({ url: assuranceUrl, headers: { authorization } });
    expect(trpc.statusCode).toBe(429);
    expect(Number(trpc.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const err = trpc.json<{ error: { message: string; data: { code: string; httpStatus: number } } }>().error;
    expect(err.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429 });
    expect(err.message).toMatch(/busy with other heavy requests/);

    const report = await app.inject({ url: '/reports/render.html?definition=x&period=2026-11', headers: { authorization } });
    expect(report.statusCode).toBe(429);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/trpc/noc.sites', headers: { authorization } })).statusCode).toBe(200);

    running();
    const done = await queued;
    expect(done.statusCode).toBe(200);
    expect(done.headers['content-type']).toMatch(/arrow/);
    await waitFor(() => heavy.stats().running === 0);
    expect(heavy.stats()).toMatchObject({ running: 0, queued: 0 });
    // Free again: the same tRPC call now succeeds.
    expect((await app.inject({ url: assuranceUrl, headers: { authorization } })).statusCode).toBe(200);
  }, 60_000);

  it('over real HTTP: a streamed snapshot holds its slot until sent, and a client that gives up while waiting leaves the queue', async () => {
    const { app, limits } = await appWith({ rateLimitPerSec: 0, rateLimitBurst: 1, heavyConcurrency: 1, heavyQueue: 4 });
    const heavy = limits.heavy!;
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const authorization = await rc.bearer(['admin']);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/data/kpi`, { headers: { authorization } });
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      await waitFor(() => heavy.stats().running === 0);
      expect(heavy.stats().running).toBe(0);
    }
    const running = await heavy.acquire();
    const gaveUp = new AbortController();
    // node:http rather than fetch: undici opens a spare connection on abort that would keep the server's close waiting.
    const waiting = new Promise<void>((resolve) => {
      const req = http.get(`${base}/data/kpi`, { headers: { authorization }, signal: gaveUp.signal, agent: false }, (res) => { res.resume(); resolve(); });
      req.on('error', () => resolve());
    });
    await waitFor(() => heavy.stats().queued === 1);
    expect(heavy.stats().queued).toBe(1);
    gaveUp.abort();
    await waiting;
    await waitFor(() => heavy.stats().queued === 0);
    expect(heavy.stats()).toMatchObject({ running: 1, queued: 0 });
    running();
    expect(heavy.stats().running).toBe(0);
  }, 60_000);

  it('a burst over the bucket gets 429 + Retry-After for that client only; /healthz is never limited', async () => {
    // One token per 1000 s: the burst is all there is while the test runs.
    const { app } = await appWith({ rateLimitPerSec: 0.001, rateLimitBurst: 3, heavyConcurrency: 0, heavyQueue: 0 });
    const a = await rc.bearer(['noc']);
    const b = await rc.bearer(['noc']);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ url: '/trpc/noc.sites', headers: { authorization: a } })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const refused = await app.inject({ url: '/data/kpi', headers: { authorization: a } });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json<{ error: string }>().error).toMatch(/too many requests/);
    expect((await app.inject({ url: '/trpc/noc.sites', headers: { authorization: b } })).statusCode).toBe(200);
    // Anonymous clients count per address.
    const anon = [];
    for (let i = 0; i < 4; i++) anon.push((await app.inject({ url: '/auth/me', remoteAddress: '10.3.3.3' })).statusCode);
    expect(anon).toEqual([401, 401, 401, 429]);
    for (let i = 0; i < 20; i++) expect((await app.inject({ url: '/healthz', remoteAddress: '10.3.3.3' })).statusCode).toBe(200);
  });
});
