// tRPC initialisation, the request context every procedure receives, and the base procedure every router builds on.
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { DomainError, InvalidRequestError, NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import type { Runtime } from '../runtime.js';
import type { LiveHub } from '../live/liveHub.js';

export interface TrpcContext { rt: Runtime; hub: LiveHub }

const base = initTRPC.context<TrpcContext>().create();

/** The one place domain errors become tRPC codes; anything else stays an INTERNAL_SERVER_ERROR. */
export function trpcCodeOf(e: DomainError): TRPC_ERROR_CODE_KEY {
  if (e instanceof NotFoundError) return 'NOT_FOUND';
  if (e instanceof InvalidRequestError) return 'BAD_REQUEST';
  if (e instanceof UnavailableError) return 'PRECONDITION_FAILED';
  return 'INTERNAL_SERVER_ERROR';
}

const domainErrorCodes = base.middleware(async ({ next }) => {
  const r = await next();
  if (!r.ok && r.error.cause instanceof DomainError) {
    throw new TRPCError({ code: trpcCodeOf(r.error.cause), message: r.error.cause.message, cause: r.error.cause });
  }
  return r;
});

/** Routers use `t.router` and `t.procedure` (which carries the error mapping); the root composes with `t.mergeRouters`. */
export const t = {
  router: base.router,
  mergeRouters: base.mergeRouters,
  createCallerFactory: base.createCallerFactory,
  procedure: base.procedure.use(domainErrorCodes),
};
