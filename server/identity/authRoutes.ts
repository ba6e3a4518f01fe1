// The sign-in routes: password sign-in (rate limited), sign-out, who am I, change my password.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUTH_PATHS, loginRequestSchema, passwordSchema } from '../../schema/access.js';
import { DomainError } from '../../schema/domainErrors.js';
import type { IdentityService } from './identityService.js';
import { sessionInfoOf } from './identityService.js';
import { clearSessionCookie, deny, setSessionCookie } from './httpAuth.js';
import type { LoginThrottle } from './loginThrottle.js';

const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }).strict();

function issues(e: z.ZodError): string { return e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '); }

export function registerAuthRoutes(app: FastifyInstance, identity: IdentityService, o: { sessionTtlMs: number; throttle: LoginThrottle }): void {
  const { throttle } = o;
  const small = { bodyLimit: 16 * 1024 };

  app.post(AUTH_PATHS.login, { ...small, config: { permission: 'public' } }, async (req, reply) => {
    const retryAfterSec = throttle.take(req.ip);
    if (retryAfterSec) {
      return reply.code(429).header('retry-after', String(retryAfterSec)).send({ error: `too many sign-in attempts from your address; wait ${retryAfterSec} s`, retryAfterSec });
    }
    const body = loginRequestSchema.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    const r = await identity.login(body.data.username, body.data.password, req.ip);
    if (!r.ok) {
      if (r.retryAfterSec) reply.header('retry-after', String(r.retryAfterSec));
      return reply.code(r.status).send({ error: r.error, retryAfterSec: r.retryAfterSec });
    }
    setSessionCookie(reply, req, r.sessionId, Math.floor(o.sessionTtlMs / 1000));
    return reply.header('cache-control', 'no-store').send(sessionInfoOf(r.user));
  });

  app.post(AUTH_PATHS.logout, { ...small, config: { permission: 'session' } }, async (req, reply) => {
    await identity.logout(req.user!, req.ip);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get(AUTH_PATHS.me, { config: { permission: 'public' } }, async (req, reply) => {
    if (!req.user) return deny(reply, 401, 'not signed in');
    return reply.header('cache-control', 'no-store').send(sessionInfoOf(req.user));
  });

  app.post(AUTH_PATHS.password, { ...small, config: { permission: 'session' } }, async (req, reply) => {
    const body = passwordChangeSchema.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: issues(body.error) });
    try {
      await identity.changePassword(req.user!, body.data.currentPassword, body.data.newPassword, req.ip);
    } catch (e) {
      if (e instanceof DomainError) return reply.code(400).send({ error: e.message });
      throw e;
    }
    return reply.code(204).send();
  });
}
