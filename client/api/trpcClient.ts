// The typed tRPC control-plane client (types only from the server router; plain JSON, no transformer).
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/trpc/appRouter';
import { CSRF_HEADER } from '../../schema/access.js';
import type { CommonMessages } from '../i18n/commonMessages.js';
import type { Translate } from '../i18n/messages.js';
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

/**
 * A failed call's message in the user's language (`t`: the shared words of useI18n): a refusal by role or an ended
 * session in our words, anything else (a guard, a validation problem) as the server said it.
 */
export function describeCallError(e: unknown, t: Translate<CommonMessages>, what?: string): string {
  if (e instanceof TRPCClientError) {
    const code = (e.data as { code?: string } | undefined)?.code;
    if (code === 'FORBIDDEN') return t('callForbidden', { what: what ?? t('callGeneric'), detail: e.message });
    if (code === 'UNAUTHORIZED') return t('callSignedOut');
  }
  return e instanceof Error ? e.message : String(e);
}
