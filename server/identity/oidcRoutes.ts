// Single sign-on routes: whether SSO is offered, the redirect to the identity provider, and the callback that
// verifies its answer and opens an OpsDeck session. Every failure lands on the sign-in page and in the audit trail.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PATHS } from '../../schema/access.js';
import { DomainError } from '../../schema/domainErrors.js';
import type { OidcConfig } from '../config.js';
import { parseCookies, setSessionCookie } from './httpAuth.js';
import type { IdentityService } from './identityService.js';
import { LoginThrottle } from './loginThrottle.js';
import { mapOidcClaims, type OidcClaims } from './oidcClaims.js';
import { OidcClient, newFlowSecrets } from './oidcClient.js';
import { OidcPendingFlows, PENDING_FLOW_TTL_MS } from './oidcPendingFlows.js';
import { appLocation, safeReturnTo, signInErrorLocation } from './oidcRedirects.js';

/** Binds a pending sign-in to the browser that started it. Lax, not Strict: it must come back on the provider's cross-site redirect. */
export const OIDC_BROWSER_COOKIE = 'opsdeck_oidc';
const COOKIE_PATH = '/auth/oidc';
const BROWSER_ID_RE = /^[A-Za-z0-9_-]{32}$/;

/** What the sign-in page asks before offering the SSO button; registered whether or not SSO is configured. */
export function registerOidcConfigRoute(app: FastifyInstance, cfg: OidcConfig | null): void {
  app.get(AUTH_PATHS.oidcConfig, { config: { permission: 'public' } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ enabled: cfg !== null, label: cfg?.label ?? '' }));
}

export interface OidcRouteOptions { client?: OidcClient; flows?: OidcPendingFlows; throttle?: LoginThrottle }

const TOO_MANY = (sec: number) => `Too many sign-in attempts from your address; wait ${sec} s.`;

export function registerOidcRoutes(app: FastifyInstance, identity: IdentityService, cfg: OidcConfig, sessionTtlMs: number, o: OidcRouteOptions = {}): void {
  const client = o.client ?? new OidcClient(cfg);
  const flows = o.flows ?? new OidcPendingFlows();
  // Per address, logins and callbacks alike: bounds pending flows and audit entries an anonymous caller can create.
  const throttle = o.throttle ?? new LoginThrottle({ maxAttempts: 30, windowMs: 60_000 });

  const toSignIn = (reply: FastifyReply, message: string) =>
    reply.code(302).header('cache-control', 'no-store').header('location', signInErrorLocation(message)).send();

  /** Sends the browser to the sign-in page with `message` and audits why (`reason` may say more than the user sees). */
  async function fail(req: FastifyRequest, reply: FastifyReply, message: string, reason: string, username: string | null = null): Promise<FastifyReply> {
    const who = username ?? '(single sign-on)';
    await identity.audit.append({ actor: who, action: 'auth.login_failed', target: who, after: { method: 'oidc', reason: reason.slice(0, 500) }, ip: req.ip });
    return toSignIn(reply, message);
  }

  app.get<{ Querystring: { returnTo?: string } }>(AUTH_PATHS.oidcLogin, { config: { permission: 'public' } }, async (req, reply) => {
    const retryAfterSec = throttle.take(req.ip);
    if (retryAfterSec) return toSignIn(reply, TOO_MANY(retryAfterSec));
    const secrets = newFlowSecrets();
    let target: URL;
    try {
      target = await client.authorizationUrl(secrets);
    } catch (e) {
      req.log.warn({ err: e, issuer: cfg.issuer }, 'OIDC discovery failed');
      return fail(req, reply, 'Single sign-on is unavailable: the identity provider could not be reached. Try again or sign in with a password.',
        `discovery of ${cfg.issuer} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Reuse the browser's binding value so sign-ins started in two tabs both complete.
    const held = parseCookies(req.headers.cookie).get(OIDC_BROWSER_COOKIE);
    const browserId = held && BROWSER_ID_RE.test(held) ? held : randomBytes(24).toString('base64url');
    flows.add({ ...secrets, returnTo: safeReturnTo(req.query.returnTo), browserId });
    const secure = req.protocol === 'https' ? '; Secure' : '';
    return reply.code(302)
      .header('set-cookie', `${OIDC_BROWSER_COOKIE}=${browserId}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=${PENDING_FLOW_TTL_MS / 1000}${secure}`)
      .header('cache-control', 'no-store')
      .header('location', target.href)
      .send();
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(AUTH_PATHS.oidcCallback, { config: { permission: 'public' } }, async (req, reply) => {
    const retryAfterSec = throttle.take(`callback ${req.ip}`);
    if (retryAfterSec) return toSignIn(reply, TOO_MANY(retryAfterSec));
    const { state, error, error_description: description } = req.query;
    // The provider's own words are shown only for a sign-in this browser started: anyone can craft a callback URL.
    if (typeof state !== 'string' || !state) {
      return fail(req, reply, 'The identity provider’s answer was incomplete; start the sign-in again.',
        error ? `provider error without state: ${error} ${description ?? ''}` : 'callback without state');
    }
    const taken = flows.take(state, parseCookies(req.headers.cookie).get(OIDC_BROWSER_COOKIE));
    if (!taken.ok) {
      const message = taken.reason === 'expired' ? 'The sign-in took longer than 10 minutes; start it again.'
        : 'This sign-in was not started in this browser or has already been used; start it again.';
      return fail(req, reply, message, `state ${taken.reason}`);
    }
    if (error) return fail(req, reply, `The identity provider refused the sign-in: ${description || error}`, `provider error ${error}: ${description ?? ''}`);

    const flow = taken.flow;
    const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    let claims: OidcClaims;
    try {
      claims = await client.redeem(rawQuery, flow, [cfg.usernameClaim, cfg.rolesClaim]);
    } catch (e) {
      req.log.warn({ err: e }, 'OIDC callback verification failed');
      const code = e instanceof Error && 'code' in e ? ` [${String(e.code)}]` : '';
      return fail(req, reply, 'The identity provider’s answer could not be verified; start the sign-in again.',
        `verification failed${code}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const mapped = mapOidcClaims(claims, cfg);
    if (!mapped.ok) return fail(req, reply, `Single sign-on refused: ${mapped.reason}.`, mapped.reason, mapped.username);

    let session: Awaited<ReturnType<IdentityService['signInExternal']>>;
    try {
      session = await identity.signInExternal(mapped.user, req.ip);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return fail(req, reply, `Single sign-on refused: ${e.message}.`, e.message, mapped.user.username);
    }
    setSessionCookie(reply, req, session.sessionId, Math.floor(sessionTtlMs / 1000));
    return reply.code(302).header('cache-control', 'no-store').header('location', appLocation(flow.returnTo)).send();
  });
}
