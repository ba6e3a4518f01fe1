// A real runtime on a tiny generated lake, without HTTP and with no source running (counts stay put): the context
// domain routers are called with through tRPC's createCaller.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import type { LakeManifest } from '../../pipelines/lake/lakeLayout.js';
import { DEFAULT_RULES_DIR } from '../../pipelines/rules/ruleLoader.js';
import { openEventModel } from '../../pipelines/simulator/eventModel.js';
import { LiveHub } from '../../server/live/liveHub.js';
import { startRuntime } from '../../server/runtime.js';
import { afterAll, beforeAll } from 'vitest';
import type { TrpcContext } from '../../server/trpc/trpc.js';
import { resolveDataScope } from '../../server/identity/dataScope.js';
import type { AuthUser } from '../../server/identity/identityService.js';
import { permissionsOf, type Role, type Scope } from '../../schema/access.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

export interface RouterContext {
  /** Called as an admin (every permission, no scope). */
  ctx: TrpcContext;
  /** The same runtime called as another user (null = anonymous). */
  as(roles: Role[] | null, scope?: Scope | null): TrpcContext;
  /** An `Authorization` header value for a new user with these roles (for HTTP tests through buildApp). */
  bearer(roles: Role[], scope?: Scope | null): Promise<string>;
  lakeDir: string;
  manifest: LakeManifest;
  close(): Promise<void>;
}

/** A signed-in user as the auth layer would hand it to tRPC (via an API token, so no CSRF token). */
export function testUser(roles: Role[], scope: Scope | null = null, username = `test-${roles.join('-') || 'none'}`): AuthUser {
  return { username, displayName: username, roles, permissions: permissionsOf(roles), scope, method: 'token', sessionIdHash: null, csrfToken: null, expiresAtMs: null };
}

export async function startRouterContext(o: { automation?: boolean } = {}): Promise<RouterContext> {
  const { dir, manifest } = await tinyLake();
  const rt = await startRuntime({
    lakeDir: dir, hotHours: 24, simSpeed: 1, simTickMs: 1000, flushIntervalMs: 60_000, revenueRefreshMs: 3_600_000,
    simulator: false, nats: null,
    openGenerator: (_dir, m) => openEventModel(m),
    log: pino({ level: 'silent' }),
    state: { path: `${dir}-state.duckdb` },
    identity: { sessionTtlMs: 3_600_000, sessionIdleMs: 3_600_000, lockoutThreshold: 5, lockoutMs: 60_000 },
    automation: o.automation ? { rulesDir: DEFAULT_RULES_DIR, webhookUrl: null } : null,
  });
  const hub = new LiveHub(rt.hot);
  const as = (roles: Role[] | null, scope: Scope | null = null): TrpcContext => {
    const user = roles ? testUser(roles, scope) : null;
    return { rt, hub, user, scope: resolveDataScope(user?.scope ?? null, rt.sites), ip: '127.0.0.1' };
  };
  let users = 0;
  const bearer = async (roles: Role[], scope: Scope | null = null): Promise<string> => {
    const username = `user${++users}`;
    await rt.identity.admin.createUser('test', { username, displayName: username, password: 'correct horse battery', roles, scope }, null);
    return `Bearer ${(await rt.identity.admin.issueToken('test', { username, label: 'test', expiresInDays: 1 }, null)).secret}`;
  };
  return {
    ctx: as(['admin']), as, bearer, lakeDir: dir, manifest,
    async close() {
      hub.closeAll();
      await rt.close();
      await rm(path.dirname(dir), { recursive: true, force: true });
    },
  };
}

/**
 * For a describe block: a router context started before its tests and closed after, and a caller made by
 * `createCaller` (from t.createCallerFactory) on it as admin; read `suite.rc` / `suite.caller` inside the tests.
 */
export function routerSuite<C extends (ctx: TrpcContext) => unknown>(createCaller: C, o: { automation?: boolean } = {}) {
  const suite = {} as { rc: RouterContext; caller: ReturnType<C> };
  beforeAll(async () => {
    suite.rc = await startRouterContext(o);
    suite.caller = createCaller(suite.rc.ctx) as ReturnType<C>;
  });
  afterAll(async () => { await suite.rc?.close(); });
  return suite;
}
