// The typed tRPC control-plane client (types only from the server router; plain JSON, no transformer).
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/trpc/appRouter';

export type ServerOutputs = inferRouterOutputs<AppRouter>;

export function createOpsDeckClient(baseUrl = '') {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${baseUrl}/trpc` })] });
}

export type OpsDeckClient = ReturnType<typeof createOpsDeckClient>;
