// Deny by default, proven: every tRPC procedure and HTTP route declares a permission, each role reaches exactly the
// procedures the matrix below grants (an independent statement of the role model, not derived from the code under
// test), anonymous requests are refused everywhere but the sign-in surface, and cookie sessions are CSRF-safe.
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../schema/access.js';
import { buildApp } from '../../../server/app.js';
import type { DeclaredRoute } from '../../../server/identity/httpAuth.js';
import { CONTENT_SECURITY_POLICY } from '../../../server/identity/securityHeaders.js';
import { LoginThrottle } from '../../../server/identity/loginThrottle.js';
import { appRouter } from '../../../server/trpc/appRouter.js';
import { t } from '../../../server/trpc/trpc.js';
import { startRouterContext, type RouterContext } from '../routerContext.js';

const READERS: Role[] = ['noc', 'pm', 'exec', 'automation-admin', 'admin'];
const NOC_VIEW: Role[] = ['noc', 'exec', 'automation-admin', 'admin'];
const REVENUE_VIEW: Role[] = ['pm', 'exec', 'admin'];
const ADMIN: Role[] = ['admin'];

/** Who may call what. A new procedure fails the first test until it is added here. */
const MATRIX: Record<string, Role[]> = {
  catalog: READERS, status: READERS, deadLetters: ADMIN, ingest: ['admin', 'producer'],
  'noc.sites': NOC_VIEW, 'noc.assurance': NOC_VIEW, 'noc.siteRevenue': NOC_VIEW, 'noc.siteDetail': NOC_VIEW,
  'revenue.status': REVENUE_VIEW, 'revenue.total': REVENUE_VIEW, 'revenue.invoice': REVENUE_VIEW, 'revenue.refresh': ['pm', 'admin'],
  'automation.status': NOC_VIEW, 'automation.tickets': NOC_VIEW, 'automation.ticket': NOC_VIEW, 'automation.rules': NOC_VIEW,
  'automation.silences': NOC_VIEW, 'automation.siteFeatures': NOC_VIEW,
  'automation.acknowledge': ['noc', 'admin'], 'automation.comment': ['noc', 'admin'], 'automation.resolve': ['noc', 'admin'],
  'automation.addSilence': ['noc', 'admin'], 'automation.expireSilence': ['noc', 'admin'],
  'automation.approve': ['noc', 'admin'], 'automation.reject': ['noc', 'admin'], 'automation.setVerdict': ['noc', 'admin'],
  'automation.autonomy': NOC_VIEW, 'automation.setAutonomy': ['automation-admin', 'admin'], 'automation.setBrake': ['automation-admin', 'admin'],
  'automation.setBlocklist': ['automation-admin', 'admin'],
  'automation.saveRule': ['automation-admin', 'admin'], 'automation.setRuleEnabled': ['automation-admin', 'admin'], 'automation.dryRun': ['automation-admin', 'admin'],
  'admin.users': ADMIN, 'admin.createUser': ADMIN, 'admin.updateUser': ADMIN, 'admin.resetPassword': ADMIN, 'admin.unlockUser': ADMIN,
  'admin.tokens': ADMIN, 'admin.issueToken': ADMIN, 'admin.revokeToken': ADMIN, 'admin.audit': ADMIN,
  'reports.runs': ['exec', 'admin'], 'reports.run': ['exec', 'admin'], 'reports.definitionProblems': ['exec', 'admin'],
  'reports.runNow': ['exec', 'admin'],
  'executive.report': ['exec', 'admin'], 'executive.definitions': ['exec', 'admin'],
  'maintenance.list': NOC_VIEW, 'maintenance.alerts': NOC_VIEW,
  'maintenance.save': ['noc', 'admin'], 'maintenance.remove': ['noc', 'admin'], 'maintenance.setEnabled': ['noc', 'admin'],
};

interface ProcedureDef { _def: { type: string; meta?: { permission?: string } } }
const procedures = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
const createCaller = t.createCallerFactory(appRouter);

/** Calls a procedure by path with an input no procedure accepts, so an allowed call stops at validation (no side effects). */
async function probe(caller: unknown, path: string): Promise<string> {
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
  try { await fn({ __probe: true }); return 'OK'; } catch (e) {
    return e instanceof TRPCError ? e.code : `THREW ${String(e)}`;
  }
}

describe('access control', () => {
  let rc: RouterContext;
  let app: FastifyInstance;
  let routes: readonly DeclaredRoute[];
  beforeAll(async () => {
    rc = await startRouterContext({ automation: true });
    ({ app, routes } = await buildApp(rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
    await rc.ctx.rt.identity.bootstrap('admin-password-for-tests');
  }, 120_000);
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('every procedure declares a permission and is in the matrix, and the matrix names no missing procedure', () => {
    const undeclared = Object.entries(procedures).filter(([, p]) => !p._def.meta?.permission).map(([k]) => k);
    expect(undeclared).toEqual([]);
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('role x procedure: each role is refused (FORBIDDEN) exactly where the matrix says, anonymous always UNAUTHORIZED', async () => {
    const wrong: string[] = [];
    for (const path of Object.keys(procedures)) {
      const anonymous = await probe(createCaller(rc.as(null)), path);
      if (anonymous !== 'UNAUTHORIZED') wrong.push(`anonymous ${path}: ${anonymous}`);
      for (const role of ROLES) {
        const got = await probe(createCaller(rc.as([role])), path);
        const allowed = MATRIX[path]!.includes(role);
        if (allowed && (got === 'FORBIDDEN' || got === 'UNAUTHORIZED' || got.startsWith('THREW'))) wrong.push(`${role} ${path}: ${got}, expected allowed`);
        if (!allowed && got !== 'FORBIDDEN') wrong.push(`${role} ${path}: ${got}, expected FORBIDDEN`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('a procedure without a declared permission refuses even an admin', async () => {
    const bare = t.router({ open: t.procedure.query(() => 'data') });
    await expect(t.createCallerFactory(bare)(rc.ctx).open()).rejects.toMatchObject({ code: 'FORBIDDEN', message: /declares no permission/ });
  });

  it('a route registered without a permission stops the server from starting', async () => {
    const { default: Fastify } = await import('fastify');
    const { installHttpAuth } = await import('../../../server/identity/httpAuth.js');
    const bare = Fastify();
    installHttpAuth(bare, rc.ctx.rt.identity, { procedurePrefix: '/trpc', throttle: new LoginThrottle({ maxAttempts: 10, windowMs: 60_000 }) });
    expect(() => bare.get('/secret', async () => 'data')).toThrow(/declares no permission/);
    await bare.close();
  });

  it('anonymous HTTP requests are refused on every route but health, sign-in and the app shell', async () => {
    const open: string[] = [];
    for (const r of routes) {
      if (r.method === 'HEAD' || r.permission === 'public') continue;
      if (r.permission === 'procedure') {
        // One route serves every procedure (walked below); other verbs than GET and POST are refused outright.
        if (r.method !== 'GET' && r.method !== 'POST') {
          const res = await app.inject({ method: r.method as 'PUT', url: '/trpc/status' });
          if (res.statusCode !== 405) open.push(`${r.method} ${r.url}: ${res.statusCode}`);
        }
        continue;
      }
      const url = r.url.replace(':table', 'usage');
      const res = await app.inject({ method: r.method as 'GET', url, payload: r.method === 'POST' ? {} : undefined });
      if (res.statusCode !== 401) open.push(`${r.method} ${r.url}: ${res.statusCode}`);
    }
    expect(open).toEqual([]);
    const publicRoutes = routes.filter((r) => r.permission === 'public' && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`).sort();
    expect(publicRoutes).toEqual(expect.arrayContaining(['GET /auth/me', 'GET /healthz', 'POST /auth/login']));
    for (const path of Object.keys(procedures)) {
      const res = await app.inject({ method: procedures[path]!._def.type === 'query' ? 'GET' : 'POST', url: `/trpc/${path}`, payload: procedures[path]!._def.type === 'query' ? undefined : {} });
      if (res.statusCode !== 401) open.push(`/trpc/${path}: ${res.statusCode}`);
    }
    expect(open).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('file and data-plane routes check the role: rated revenue for revenue roles only, the audit CSV for admins only', async () => {
    const noc = await rc.bearer(['noc']);
    const admin = await rc.bearer(['admin']);
    expect((await app.inject({ url: '/data/revenue_day', headers: { authorization: noc } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/data/kpi', headers: { authorization: noc } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/admin/audit.csv', headers: { authorization: noc } })).statusCode).toBe(403);
    const csv = await app.inject({ url: '/admin/audit.csv', headers: { authorization: admin } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('seq,time_utc,actor,action,target,before,after,ip,prev_hash,hash');
    expect((await app.inject({ url: '/data/kpi', headers: { authorization: 'Bearer odk_0000000000000000_forged' } })).statusCode).toBe(401);
    const producer = await rc.bearer(['producer']);
    expect((await app.inject({ url: '/data/kpi', headers: { authorization: producer } })).statusCode).toBe(403);
  });

  it('monitoring routes check the role: /metrics for status readers, the Alertmanager receiver for producers and admins', async () => {
    const wrong: string[] = [];
    const emptyNotification = { version: '4', groupKey: 'g', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', alerts: [] };
    for (const role of ROLES) {
      const authorization = await rc.bearer([role]);
      const metrics = (await app.inject({ url: '/metrics', headers: { authorization } })).statusCode;
      if (metrics !== (READERS.includes(role) ? 200 : 403)) wrong.push(`${role} GET /metrics: ${metrics}`);
      const receiver = (await app.inject({ method: 'POST', url: '/alertmanager/webhook', headers: { authorization }, payload: emptyNotification })).statusCode;
      if (receiver !== (['admin', 'producer'].includes(role) ? 200 : 403)) wrong.push(`${role} POST /alertmanager/webhook: ${receiver}`);
    }
    expect(wrong).toEqual([]);
  });

  it('cookie sessions: HttpOnly SameSite cookie; state changes need the CSRF header and our own Origin; sign-out ends the session', async () => {
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'admin-password-for-tests' } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^opsdeck_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken, roles } = login.json<{ csrfToken: string; roles: string[] }>();
    expect(roles).toEqual(['admin']);
    expect((await app.inject({ url: '/auth/me', headers: { cookie } })).json()).toMatchObject({ username: 'admin', method: 'password' });

    const mutate = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/trpc/automation.expireSilence', payload: { id: 'none' }, headers: { cookie, ...headers } });
    expect((await mutate({})).statusCode).toBe(403);
    expect((await mutate({ 'x-opsdeck-csrf': 'wrong' })).statusCode).toBe(403);
    expect((await mutate({ 'x-opsdeck-csrf': csrfToken, origin: 'http://evil.example' })).statusCode).toBe(403);
    expect((await mutate({ 'x-opsdeck-csrf': csrfToken })).statusCode).toBe(200);

    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-opsdeck-csrf': csrfToken } })).statusCode).toBe(204);
    await new Promise((r) => setTimeout(r, 10));
    expect((await app.inject({ url: '/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('scripts may use HTTP Basic with a password: same roles, no session, a wrong password counts towards the lockout', async () => {
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    const ok = await app.inject({ url: '/trpc/admin.users', headers: { authorization: basic('admin', 'admin-password-for-tests') }, remoteAddress: '10.7.7.7' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect((await app.inject({ url: '/trpc/admin.users', headers: { authorization: basic('admin', 'wrong') }, remoteAddress: '10.7.7.7' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/trpc/admin.users', headers: { authorization: 'Basic !!!' }, remoteAddress: '10.7.7.7' })).statusCode).toBe(401);
    const failed = await rc.ctx.rt.identity.audit.list({ action: 'auth.login_failed', actor: 'admin' });
    expect(failed[0]?.after).toMatchObject({ reason: 'wrong password', method: 'basic' });
    expect((await rc.ctx.rt.identity.store.user('admin'))!.failedLogins).toBeGreaterThan(0);
    await rc.ctx.rt.identity.admin.unlockUser('test', 'admin', null);
  });

  it('sign-in is rate limited per address and malformed sign-ins are 400, not 500', async () => {
    expect((await app.inject({ method: 'POST', url: '/auth/login', payload: '{not json', headers: { 'content-type': 'application/json', 'x-forwarded-for': 'x' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'a' } })).statusCode).toBe(400);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await app.inject({ method: 'POST', url: '/auth/login', payload: { username: `nobody${i}`, password: 'x' }, remoteAddress: '10.9.9.9' })).statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  }, 60_000);

  it('responses carry the security headers and errors carry no stack or file path', async () => {
    const res = await app.inject({ url: '/trpc/automation.ticket?input=%7B%22ticketId%22%3A-1%7D', headers: { authorization: await rc.bearer(['admin']) } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).not.toMatch(/stack|\/work\/|node_modules/);
    const big = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'x', password: 'y'.repeat(20_000) } });
    expect(big.statusCode).toBe(413);
  });
});
