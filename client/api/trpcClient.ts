// The typed tRPC control-plane client (types only from the server router; plain JSON, no transformer).
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/trpc/appRouter';
import { CSRF_HEADER } from '../../schema/access.js';
import { apiFetch } from './apiFetch.js';

export type ServerOutputs = inferRouterOutputs<AppRouter>;

export interface OpsDeckClientOptions {
  baseUrl?: string;
  /** The session's CSRF token, read per request (mutations are POSTs and must carry it). */
  csrfToken?: () => string | null;
}

export function createOpsDeckClient({ baseUrl = '', csrfToken = () => null }: OpsDeckClientOptions = {}) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({
      url: `${baseUrl}/trpc`,
      fetch: (input, init) => apiFetch(input, init as RequestInit | undefined),
      headers: ({ opList }) => {
        const token = csrfToken();
        return token && opList.some((op) => op.type === 'mutation') ? { [CSRF_HEADER]: token } : {};
      },
    })],
  });
}

export type OpsDeckClient = ReturnType<typeof createOpsDeckClient>;

/** A readable message for a failed call; a FORBIDDEN answer names the refusal instead of a stack of codes. */
export function describeCallError(e: unknown, what = 'This action'): string {
  if (e instanceof TRPCClientError) {
    const code = (e.data as { code?: string } | undefined)?.code;
    if (code === 'FORBIDDEN') return `${what} is not allowed for your role (${e.message}).`;
    if (code === 'UNAUTHORIZED') return 'Your session has ended; sign in again.';
  }
  return e instanceof Error ? e.message : String(e);
}
