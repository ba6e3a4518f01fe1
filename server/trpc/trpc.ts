// tRPC initialisation, the request context every procedure receives, and the base procedure every router builds on:
// domain errors mapped to codes in one place, and deny by default (a procedure without a declared permission refuses everyone).
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { AuditAction, Permission } from '../../schema/access.js';
import { DomainError, InvalidRequestError, NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import type { Runtime } from '../runtime.js';
import type { LiveHub } from '../live/liveHub.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';

export interface TrpcContext {
  rt: Runtime;
  hub: LiveHub;
  /** The signed-in user (session or API token); null for anonymous requests. */
  user: AuthUser | null;
  /** The rows this user may see. */
  scope: DataScope;
  ip: string | null;
}

/** Every procedure declares the permission it needs (`public` for none). */
export interface ProcedureMeta { permission: Permission }

const base = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  // Clients get the code and a message, never a stack trace or file path; internal errors are logged, not explained.
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data;
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? 'internal error (logged on the server)' : shape.message;
    return { ...shape, message, data };
  },
});

/** The one place domain errors become tRPC codes; anything else stays an INTERNAL_SERVER_ERROR. */
export function trpcCodeOf(e: DomainError): TRPC_ERROR_CODE_KEY {
  if (e instanceof NotFoundError) return 'NOT_FOUND';
  if (e instanceof InvalidRequestError) return 'BAD_REQUEST';
  if (e instanceof UnavailableError) return 'PRECONDITION_FAILED';
  return 'INTERNAL_SERVER_ERROR';
}

const authorize = base.middleware(({ ctx, meta, next }) => {
  const permission = meta?.permission;
  if (!permission) throw new TRPCError({ code: 'FORBIDDEN', message: 'this procedure declares no permission (deny by default)' });
  if (permission !== 'public') {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
    if (!ctx.user.permissions.has(permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `your role (${ctx.user.roles.join(', ') || 'none'}) may not do this (needs ${permission})` });
    }
  }
  return next();
});

const domainErrorCodes = base.middleware(async ({ next }) => {
  const r = await next();
  if (!r.ok && r.error.cause instanceof DomainError) {
    throw new TRPCError({ code: trpcCodeOf(r.error.cause), message: r.error.cause.message, cause: r.error.cause });
  }
  return r;
});

const procedure = base.procedure.use(authorize).use(domainErrorCodes);

/** Routers build procedures with `allow(permission)`; the root composes with `t.mergeRouters`. */
export const t = {
  router: base.router,
  mergeRouters: base.mergeRouters,
  createCallerFactory: base.createCallerFactory,
  procedure,
};

/** A procedure that requires `permission` (checked before its input is even parsed). */
export function allow(permission: Permission) { return procedure.meta({ permission }); }

/** The signed-in user of a procedure that required a permission other than `public`. */
export function actorOf(ctx: TrpcContext): AuthUser {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return ctx.user;
}

/** Appends a state change by the request's user to the audit trail (after the change succeeded). */
export async function recordAudit(ctx: TrpcContext, action: AuditAction, target: string, before: unknown, after: unknown): Promise<void> {
  await ctx.rt.identity.audit.append({ actor: actorOf(ctx).username, action, target, before, after, ip: ctx.ip });
}
