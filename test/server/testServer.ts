// Starts the real embedded server in-process on a tiny generated lake, for integration tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { loadConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/startServer.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';

export interface TestServer {
  server: RunningServer;
  /** Signed in as admin with an API token. */
  trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
  /** `Authorization` header value of that admin token, for fetch and WebSocket clients. */
  authorization: string;
  lakeDir: string;
}

/** An admin API token minted straight from the running server's identity service. */
export async function adminAuthorization(server: RunningServer): Promise<string> {
  const issued = await server.rt.identity.admin.issueToken('test', { username: 'admin', label: `test ${Date.now()}`, expiresInDays: 1 }, null);
  return `Bearer ${issued.secret}`;
}

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Tiny lake (generated on first start), fast simulator, frequent flushes. */
export async function startTestServer(lakeDir: string, env: Record<string, string> = {}): Promise<TestServer> {
  const cfg = loadConfig({
    PORT: '0', HOST: '127.0.0.1', OPSDECK_LAKE: lakeDir, OPSDECK_CLIENT_DIR: path.join(lakeDir, 'no-client'),
    OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '400', OPSDECK_DAYS: '1', OPSDECK_SEED: '7',
    OPSDECK_SIM_SPEED: '120', OPSDECK_SIM_TICK_MS: '100', OPSDECK_FLUSH_INTERVAL_MS: '500',
    OPSDECK_LOG_LEVEL: 'silent', OPSDECK_ADMIN_PASSWORD: 'test-admin-password', ...env,
  });
  const server = await startServer(cfg);
  const authorization = await adminAuthorization(server);
  const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization } })] });
  return { server, trpc, authorization, lakeDir };
}
