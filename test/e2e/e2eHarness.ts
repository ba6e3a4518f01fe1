// Shared pieces of the end-to-end tests: a production client build of their own, the real server as a child
// process (its own process group, ended exactly), and Debian's Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import { freePort } from '../../bench/serverProcess.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { freePort };

/**
 * Builds the client into `outDir`. Each suite builds its own: suites run in parallel and must never serve a
 * bundle another suite is rewriting. NODE_ENV=production because vitest's NODE_ENV=test would make Vite
 * bundle React's development build.
 */
export function buildClient(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
      cwd: REPO, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
    });
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited ${code}`))));
  });
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
  const child: ChildProcess = spawn('npx', ['tsx', 'server/start.ts'], {
    cwd: REPO,
    env: { ...process.env, OPSDECK_LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npx -> tsx -> node share this process group, so stop() can end exactly that group.
    detached: true,
  });
  child.stdout?.on('data', (b: Buffer) => { output += b.toString(); });
  child.stderr?.on('data', (b: Buffer) => { output += b.toString(); });
  const stop = async () => {
    if (!child.pid || child.exitCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((r) => setTimeout(r, 500));
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
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

export interface E2eApp {
  base: string;
  browser: Browser;
  trpc: TRPCClient<AppRouter>;
  server: ServerProcess;
  /** Ends Chromium and the server and removes the temp dir (client build, generated lake). */
  close(): Promise<void>;
}

/**
 * The usual e2e setup: a temp dir, the client built into it, the real server as its own process generating the lake
 * described by `env` (OPSDECK_SEED, _SITES, ...) under it, and Chromium. Whatever fails half-way is cleaned up.
 */
export async function startE2eApp(prefix: string, env: Record<string, string>, opts: { webgl?: boolean } = {}): Promise<E2eApp> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    const clientDir = path.join(tmp, 'client');
    await buildClient(clientDir);
    server = await startServerProcess({ OPSDECK_LAKE: path.join(tmp, 'lake'), OPSDECK_CLIENT_DIR: clientDir, ...env });
    browser = await launchChromium(opts);
  } catch (e) {
    await close();
    throw e;
  }
  const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.base}/trpc` })] });
  return { base: server.base, browser, trpc, server, close };
}

/** Uncaught page errors, collected for the test to assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
