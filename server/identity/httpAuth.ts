// Every HTTP request's identity and the route-level access check: session cookie, bearer token or Basic credentials -> req.user;
// each route must declare a permission (routes without one are refused at start-up); cookie sessions must
// prove same-origin (CSRF header + Origin) on every state change.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, type Permission } from '../../schema/access.js';
import type { AuthUser, IdentityService } from './identityService.js';
import type { LoginThrottle } from './loginThrottle.js';

/** What a route requires: a permission, or `procedure` for tRPC (each procedure declares its own). */
export type RoutePermission = Permission | 'procedure';

declare module 'fastify' {
  interface FastifyRequest { user: AuthUser | null }
  interface FastifyContextConfig { permission?: RoutePermission }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (!out.has(k)) { try { out.set(k, decodeURIComponent(v)); } catch { /* malformed value: ignore the cookie */ } }
  }
  return out;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the request's Origin (if any) is this server itself. Browsers send Origin on every cross-site POST and WebSocket. */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try { return new URL(origin).host === req.headers.host; } catch { return false; }
}

export function deny(reply: FastifyReply, status: 401 | 403, error: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error });
}

export function setSessionCookie(reply: FastifyReply, req: FastifyRequest, sessionId: string, maxAgeSec: number): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSec}${secure}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/**
 * Installs identity on `app`: must run before any route is added (the onRoute check sees every later route).
 * Static files of the client (fastify-static routes, which carry `rootPath`) are public: they are the sign-in page.
 * Routes under `procedurePrefix` (tRPC) are checked per procedure instead.
 */
/** One route as declared, for the deny-by-default test that walks them all. */
export interface DeclaredRoute { method: string; url: string; permission: RoutePermission }

export function installHttpAuth(app: FastifyInstance, identity: IdentityService, o: { procedurePrefix: string; throttle: LoginThrottle }): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  app.decorateRequest('user', null);
  app.addHook('onRoute', (r: RouteOptions) => {
    const config = (r.config ?? {}) as { permission?: RoutePermission; rootPath?: string };
    if (config.permission === undefined && config.rootPath !== undefined) r.config = { ...config, permission: 'public' };
    else if (config.permission === undefined && r.url.startsWith(`${o.procedurePrefix}/`)) r.config = { ...config, permission: 'procedure' };
    else if (config.permission === undefined) {
      throw new Error(`route ${String(r.method)} ${r.url} declares no permission (deny by default: add config.permission)`);
    }
    const permission = (r.config as { permission: RoutePermission }).permission;
    for (const method of [r.method].flat()) routes.push({ method, url: r.url, permission });
  });

  app.addHook('onRequest', async (req, reply) => {
    const auth = req.headers.authorization;
    const basic = auth === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth);
    if (basic) {
      // Browsers never hold Basic credentials for us (we send no challenge), but a cross-site page must not use them either.
      if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) return deny(reply, 403, 'cross-origin request refused');
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 1) return deny(reply, 401, 'malformed Basic credentials');
      const r = await identity.authenticateBasic(decoded.slice(0, colon), decoded.slice(colon + 1), req.ip, o.throttle);
      if ('error' in r) {
        if (r.retryAfterSec) reply.header('retry-after', String(r.retryAfterSec));
        return reply.code(r.status).header('cache-control', 'no-store').send({ error: r.error });
      }
      req.user = r;
    } else if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      req.user = m ? await identity.authenticateToken(m[1]!) : null;
      if (!req.user) return deny(reply, 401, 'invalid, expired or revoked API token');
    } else {
      const sid = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
      if (sid) req.user = await identity.authenticateSession(sid);
      // A state change carried by a cookie must come from our own pages: same Origin and the session's CSRF token.
      if (!SAFE_METHODS.has(req.method)) {
        if (!sameOrigin(req)) return deny(reply, 403, 'cross-origin request refused');
        if (req.user?.csrfToken && req.headers[CSRF_HEADER] !== req.user.csrfToken) {
          return deny(reply, 403, `missing or wrong ${CSRF_HEADER} header`);
        }
      }
    }
    // The notFound handler has no route options of its own; 404s are answered without data either way.
    const permission = req.routeOptions.config?.permission;
    // tRPC answers queries by GET and mutations by POST; other verbs would only reach its error paths.
    if (permission === 'procedure' && req.method !== 'GET' && req.method !== 'POST') return reply.code(405).send({ error: `${req.method} is not allowed here` });
    if (permission === undefined || permission === 'public' || permission === 'procedure') return;
    if (!req.user) return deny(reply, 401, 'sign in first');
    if (!req.user.permissions.has(permission)) return deny(reply, 403, `your role (${req.user.roles.join(', ') || 'none'}) may not do this (needs ${permission})`);
  });
  return routes;
}
