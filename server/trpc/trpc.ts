// tRPC initialisation, the request context every procedure receives, and the base procedure every router builds on:
// domain errors mapped to codes in one place, deny by default (a procedure without a declared permission refuses everyone),
// heavy procedures under the server-wide concurrency limit, and error answers without stacks, paths or validator dumps.
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { AuditAction, Permission } from '../../schema/access.js';
import { DomainError, InvalidRequestError, NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import type { Runtime } from '../runtime.js';
import type { LiveHub } from '../live/liveHub.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import { TooBusyError, type ConcurrencyLimiter } from '../limits/concurrencyLimiter.js';
import { HEAVY_PROCEDURES } from '../limits/limitPolicy.js';
import { validationIssues, validationMessage, withoutLocalPaths } from '../limits/publicErrors.js';

export interface TrpcContext {
  rt: Runtime;
  hub: LiveHub;
  /** The signed-in user (session or API token); null for anonymous requests. */
  user: AuthUser | null;
  /** The rows this user may see. */
  scope: DataScope;
  ip: string | null;
  /** The server-wide limit on heavy work (HEAVY_PROCEDURES); absent or null: unlimited (e.g. direct callers in tests). */
  heavyWork?: ConcurrencyLimiter | null;
}

/** Every procedure declares the permission it needs (`public` for none). */
export interface ProcedureMeta { permission: Permission }

const base = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  // Clients get the code and a message, never a stack trace or file path; internal errors are logged, not explained.
  // Invalid input reads "field: problem; ..." with the issues kept in data.issues.
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data;
    const issues = error.code === 'BAD_REQUEST' ? validationIssues(error.cause) : null;
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? 'internal error (logged on the server)'
      : issues ? validationMessage(issues) : withoutLocalPaths(shape.message);
    return { ...shape, message, data: issues ? { ...data, issues: issues.slice(0, 100) } : data };
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

/** Heavy procedures wait for a slot of the shared limiter (after the permission check, so refused callers take none). */
const heavyWork = base.middleware(async ({ ctx, path, signal, next }) => {
  if (!ctx.heavyWork || !HEAVY_PROCEDURES.has(path)) return next();
  let release: () => void;
  try {
    release = await ctx.heavyWork.acquire(signal);
  } catch (e) {
    if (e instanceof TooBusyError) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: e.message, cause: e });
    throw new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'the request was cancelled while waiting', cause: e });
  }
  try { return await next(); } finally { release(); }
});

const procedure = base.procedure.use(authorize).use(heavyWork).use(domainErrorCodes);

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
