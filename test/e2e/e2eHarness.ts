// Shared pieces of the end-to-end tests: a production client build of their own, the real server as a child
// process (its own process group, ended exactly and recorded so the global teardown ends it if a test cannot), Debian's Chromium through playwright-core, and signing in
// (the server starts with a random admin password per run; browser contexts and the tRPC client sign in through the API).
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AUTH_PATHS, CSRF_HEADER, SESSION_COOKIE, type SessionInfo } from '../../schema/access.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import { randomAdminPassword, signInWithPassword } from '../../bench/benchAuth.js';
import { freePort } from '../../bench/serverProcess.js';
import { PROCESS_REGISTRY_ENV, spawnTracked } from '../processRegistry.js';
import { generateLake } from '../../fixtures/generateLake.js';
import { loadConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/startServer.js';
import { adminAuthorization, makeTempDir } from '../server/testServer.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { freePort, randomAdminPassword };

/**
 * Builds the client into `outDir` (suites share one build: `sharedClientBuild`). NODE_ENV=production because
 * vitest's NODE_ENV=test would make Vite bundle React's development build.
 */
export function buildClient(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const { child: p, tracked } = spawnTracked('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
      cwd: REPO, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
    });
    // Killing the group after the exit also ends any worker the build left behind.
    p.once('exit', (code) => { tracked.kill(); if (code === 0) resolve(); else reject(new Error(`vite build exited ${code}`)); });
  });
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/**
 * The client build every e2e suite of this test run serves: built once (the first suite to ask builds it, under a lock
 * directory, while the others wait for its marker) into the run's own directory, which the global teardown removes.
 * Nobody rewrites it after it is done, so suites running in parallel may all serve it. Outside a vitest run (no
 * run directory) it builds into a fresh temp dir.
 */
export async function sharedClientBuild(timeoutMs = 300_000): Promise<string> {
  const runDir = process.env[PROCESS_REGISTRY_ENV];
  if (!runDir) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-client-'));
    await buildClient(dir);
    return dir;
  }
  const out = path.join(runDir, 'client-build');
  const done = `${out}.done`;
  const failed = `${out}.failed`;
  let builder = false;
  try { await mkdir(`${out}.lock`); builder = true; } catch { /* another suite is building it */ }
  if (builder) {
    try {
      await buildClient(out);
    } catch (e) {
      await writeFile(failed, String(e));
      throw e;
    }
    await writeFile(done, '');
    return out;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await exists(done)) return out;
    if (await exists(failed)) throw new Error(`the shared client build failed: ${await readFile(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('the shared client build did not finish in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface ServerProcess {
  base: string;
  log(): string;
  stop(): Promise<void>;
}

/** `npx tsx server/start.ts` on a free port with `env`, resolved once /healthz answers. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  // npx -> tsx -> node share this process group, so stop() can end exactly that group.
  const { child, tracked } = spawnTracked('npx', ['tsx', 'server/start.ts'], {
    cwd: REPO,
    env: { ...process.env, OPSDECK_LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => { output += b.toString(); });
  child.stderr?.on('data', (b: Buffer) => { output += b.toString(); });
  // SIGTERM lets the server flush; whatever is left of the group after half a second is killed.
  const stop = () => tracked.stop(500);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}\n${output.slice(-3000)}`);
    if (Date.now() > deadline) { await stop(); throw new Error(`server not healthy in time\n${output.slice(-3000)}`); }
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, log: () => output, stop };
}

/** Debian's Chromium, headless; `webgl` adds SwiftShader so deck.gl renders without a GPU. */
export function launchChromium(opts: { webgl?: boolean } = {}): Promise<Browser> {
  const base = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update'];
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: opts.webgl
      ? [...base, '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist']
      : [...base, '--disable-gpu'],
  });
}

/**
 * Signs a browser context (or a page's context) in through the API: `context.request` shares its cookie jar with the
 * context's pages, so the HttpOnly session cookie is there before `page.goto`. Independent of the sign-in page's UI.
 */
export async function signIn(target: BrowserContext | Page, base: string, username: string, password: string): Promise<SessionInfo> {
  const context = 'newPage' in target ? target : target.context();
  const res = await context.request.post(base + AUTH_PATHS.login, { data: { username, password } });
  if (!res.ok()) throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`);
  const cookies = await context.cookies(base);
  if (!cookies.some((c) => c.name === SESSION_COOKIE && c.httpOnly)) throw new Error(`sign-in as ${username}: no HttpOnly ${SESSION_COOKIE} cookie`);
  return (await res.json()) as SessionInfo;
}

/** Signs in with fetch (cookie + CSRF token), has admin issue an API token, and returns a tRPC client using it. */
export async function adminTrpc(base: string, password: string): Promise<TRPCClient<AppRouter>> {
  const session = await signInWithPassword(base, 'admin', password);
  if (!session.csrfToken) throw new Error('admin sign-in returned no CSRF token');
  // A cookie session's POST (the mutation) must carry its CSRF token.
  const asSession = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${base}/trpc`, headers: { cookie: session.cookieHeader, [CSRF_HEADER]: session.csrfToken } })],
  });
  const issued = await asSession.admin.issueToken.mutate({ username: 'admin', label: `e2e ${Date.now()}`, expiresInDays: 1 });
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/trpc`, headers: { authorization: `Bearer ${issued.secret}` } })] });
}

export interface E2eApp {
  base: string;
  browser: Browser;
  /** Signed in as admin with an API token issued through the admin API. */
  trpc: TRPCClient<AppRouter>;
  server: ServerProcess;
  /** The random password the server's `admin` user was created with for this run. */
  adminPassword: string;
  /** Signs a context (or a page's context) in through the API; defaults to admin. Call before `page.goto`. */
  signIn(target: BrowserContext | Page, username?: string, password?: string): Promise<SessionInfo>;
  /** Ends Chromium and the server and removes the temp dir (client build, generated lake). */
  close(): Promise<void>;
}

/**
 * The usual e2e setup: a temp dir, the client built into it, the real server as its own process generating the lake
 * described by `env` (OPSDECK_SEED, _SITES, ...) under it, and Chromium. Whatever fails half-way is cleaned up.
 */
export async function startE2eApp(prefix: string, env: Record<string, string>, opts: { webgl?: boolean } = {}): Promise<E2eApp> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  const adminPassword = randomAdminPassword();
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    const clientDir = await sharedClientBuild();
    server = await startServerProcess({
      OPSDECK_LAKE: path.join(tmp, 'lake'), OPSDECK_CLIENT_DIR: clientDir, OPSDECK_ADMIN_PASSWORD: adminPassword, ...env,
    });
    browser = await launchChromium(opts);
    const base = server.base;
    const trpc = await adminTrpc(base, adminPassword);
    return {
      base, browser, trpc, server, adminPassword, close,
      signIn: (target, username = 'admin', password = adminPassword) => signIn(target, base, username, password),
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The closed-loop suites' app: the server in-process (its loop and clock), a signed-in admin tRPC client, Chromium. */
export interface ClosedLoopApp { server: RunningServer; browser: Browser; adminPassword: string; trpc: TRPCClient<AppRouter>; close(): Promise<void> }

/**
 * Seed 41 / 20 sites / 1 day at simulator speed 600 unless `env` says otherwise: a baseband fault at site 4 about 48
 * simulated minutes (4.8 s) after the start, lasting 131 min (13 s): what the tickets and autonomy suites watch.
 */
export async function startClosedLoopApp(prefix: string, env: Record<string, string> = {}): Promise<ClosedLoopApp> {
  const tmp = await makeTempDir(prefix);
  const adminPassword = randomAdminPassword();
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  const close = async () => { await browser?.close(); await server?.close(); await tmp.cleanup(); };
  try {
    let clientDir = '';
    [browser] = await Promise.all([
      launchChromium(),
      sharedClientBuild().then((d) => { clientDir = d; }),
      generateLake({ seed: 41, sites: 20, accounts: 400, days: 1, endMs: Date.UTC(2030, 0, 2), outDir: path.join(tmp.dir, 'lake') }),
    ]);
    server = await startServer(loadConfig({
      PORT: '0', HOST: '127.0.0.1', OPSDECK_LAKE: path.join(tmp.dir, 'lake'), OPSDECK_CLIENT_DIR: clientDir,
      OPSDECK_SIM_SPEED: '600', OPSDECK_SIM_TICK_MS: '100', OPSDECK_LOG_LEVEL: 'silent', OPSDECK_STATE: path.join(tmp.dir, 'state.duckdb'),
      OPSDECK_ADMIN_PASSWORD: adminPassword, ...env,
    }));
    const authorization = await adminAuthorization(server);
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization } })] });
    return { server, browser, adminPassword, trpc, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Uncaught page errors, collected for the test to assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
