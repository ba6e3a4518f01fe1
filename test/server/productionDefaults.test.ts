// Production defaults, pinned: loopback-only binding, readable validation messages, no stacks or local paths in any
// error answer, no side effects from GET or cross-site form posts, and the /live Origin check.
// (tRPC puts stacks in errors whenever NODE_ENV is not 'production'; vitest's 'test' behaves like unset here.)
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { appRouter } from '../../server/trpc/appRouter.js';
import { startRouterContext, type RouterContext } from './routerContext.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_PASSWORD = 'admin-password-for-prod-defaults';

/** Nothing a client should ever see: a stack frame, this checkout's or the temp dir's absolute paths, node_modules. */
function leaks(body: string): string[] {
  const found: string[] = [];
  if (/"stack"|\bat [^\s]+ \(|:\d+:\d+\)/.test(body)) found.push('stack');
  for (const p of [REPO, os.tmpdir(), os.homedir(), 'node_modules']) if (body.includes(p)) found.push(p);
  return found;
}

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;

describe('production defaults', () => {
  let rc: RouterContext;
  let app: FastifyInstance;
  let admin: string;
  beforeAll(async () => {
    rc = await startRouterContext();
    await rc.ctx.rt.identity.bootstrap(ADMIN_PASSWORD);
    ({ app } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
    admin = await rc.bearer(['admin']);
  }, 120_000);
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('binds to loopback unless HOST is set: localhost answers, no other interface does', async () => {
    expect(loadConfig({}).host).toBe('localhost');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const { app: bound } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 });
    try {
      const address = await bound.listen({ host: loadConfig({}).host, port: 0 });
      const port = Number(new URL(address).port);
      expect(bound.addresses().map((a) => (typeof a === 'string' ? a : a.address)).every((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
      expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200);
      const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) {
        const refused = await new Promise<boolean>((resolve) => {
          const s = net.connect({ host: external.address, port }, () => { s.destroy(); resolve(false); });
          s.on('error', () => resolve(true));
        });
        expect({ address: external.address, refused }).toEqual({ address: external.address, refused: true });
      }
    } finally { await bound.close(); }
  });

  it('invalid tRPC input answers "field: problem" pairs (issues kept in data), not a JSON dump', async () => {
    const res = await app.inject({ method: 'POST', url: '/trpc/ingest', headers: { authorization: admin }, payload: { table: 'kpi', events: 'x', source: 5 } });
    expect(res.statusCode).toBe(400);
    const err = res.json<{ error: { message: string; data: { code: string; issues: { path: string; message: string }[] } } }>().error;
    expect(err.message).toMatch(/^events: [^;{[]*expected array[^;]*; source: [^;{[]*expected string/);
    expect(err.message).not.toMatch(/[{[]/);
    expect(err.data.code).toBe('BAD_REQUEST');
    expect(err.data.issues.map((i) => i.path)).toEqual(['events', 'source']);
    const nested = await app.inject({ url: `/trpc/noc.siteDetail?input=${encodeURIComponent(JSON.stringify({ windowMs: 1, siteId: -1, extra: true }))}`, headers: { authorization: admin } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json<{ error: { message: string } }>().error.message).toMatch(/windowMs: .*; siteId: .*; input: .*extra/);
  });

  it('no error answer carries a stack or a local path: tRPC errors, 404, body too large, bad JSON, unsupported type', async () => {
    const answers = await Promise.all([
      app.inject({ method: 'POST', url: '/trpc/ingest', headers: { authorization: admin }, payload: { table: 'nope', events: [] } }),
      app.inject({ url: `/trpc/noc.siteDetail?input=${encodeURIComponent(JSON.stringify({ windowMs: 3_600_000, siteId: 999_999 }))}`, headers: { authorization: admin } }),
      app.inject({ url: '/trpc/no.such.procedure', headers: { authorization: admin } }),
      app.inject({ url: '/no/such/route' }),
      app.inject({ url: '/data/no_such_table', headers: { authorization: admin } }),
      app.inject({ method: 'POST', url: '/trpc/ingest', headers: { authorization: admin, 'content-type': 'application/json' }, payload: `{"table":"kpi","events":["${'x'.repeat(9 * 1024 * 1024)}"]}` }),
      app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' }),
      app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' }),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([400, 404, 404, 404, 400, 413, 400, 415]);
    expect(answers.map((r) => leaks(r.body))).toEqual(answers.map(() => []));
  });

  it('cross-site form posts with a valid session cookie are refused before anything runs (multipart, text/plain, urlencoded)', async () => {
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const boundary = '----x';
    const posts = await Promise.all([
      app.inject({ method: 'POST', url: '/trpc/revenue.refresh', headers: { cookie, origin: 'https://evil.example', 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${boundary}--\r\n` }),
      app.inject({ method: 'POST', url: '/trpc/revenue.refresh', headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' }, payload: '{}' }),
      // Without an Origin (older browsers, some redirects) the missing CSRF header still refuses it.
      app.inject({ method: 'POST', url: '/trpc/revenue.refresh', headers: { cookie, 'content-type': 'text/plain' }, payload: '{}' }),
      app.inject({ method: 'POST', url: '/trpc/revenue.refresh', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }),
    ]);
    expect(posts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    expect(await rc.ctx.rt.identity.audit.list({ action: 'revenue.refreshed' })).toEqual([]);
  });

  it('no mutation can be called with GET, even with a bearer token', async () => {
    const mutations = Object.entries(procedures).filter(([, p]) => p._def.type === 'mutation').map(([k]) => k);
    expect(mutations).toContain('revenue.refresh');
    const got: Record<string, number> = {};
    for (const m of mutations) got[m] = (await app.inject({ url: `/trpc/${m}?input=${encodeURIComponent('{}')}`, headers: { authorization: admin } })).statusCode;
    expect(got).toEqual(Object.fromEntries(mutations.map((m) => [m, 405])));
    expect(await rc.ctx.rt.identity.audit.list({ action: 'revenue.refreshed' })).toEqual([]);
  });

  it('/live refuses a WebSocket from another Origin and accepts one from its own', async () => {
    const { app: live } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 });
    try {
      const base = await live.listen({ host: '127.0.0.1', port: 0 });
      const open = (origin: string) => new Promise<number>((resolve) => {
        const ws = new WebSocket(`${base.replace('http', 'ws')}/live`, { headers: { authorization: admin }, origin });
        ws.once('open', () => { ws.close(); resolve(101); });
        ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
        ws.once('error', () => resolve(-1));
      });
      expect(await open('https://evil.example')).toBe(403);
      expect(await open(base)).toBe(101);
    } finally { await live.close(); }
  });
});
