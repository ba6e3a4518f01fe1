// End to end in real Chromium: the spine page's DuckDB-WASM counts equal the real server's catalog at the same seq.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/trpc/appRouter';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const p = spawn(cmd, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

async function waitHealthy(base: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server not healthy in time');
}

interface PageReading { sinceMs: number; seq: number; counts: Record<(typeof TABLES)[number], number> }

/** Reads window, seq and counts in one evaluation: they are rendered together from one DuckDB read. */
async function readPage(page: Page): Promise<PageReading> {
  const raw = await page.evaluate((tables) => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    return { since: text('window-since'), seq: text('live-seq'), counts: tables.map((t) => text(`count-${t}`)) };
  }, [...TABLES]);
  const toInt = (s: string) => {
    if (!/^\d+$/.test(s)) throw new Error(`not an integer: '${s}'`);
    return Number(s);
  };
  return {
    sinceMs: toInt(raw.since),
    seq: toInt(raw.seq),
    counts: Object.fromEntries(TABLES.map((t, i) => [t, toInt(raw.counts[i] ?? '')])) as PageReading['counts'],
  };
}

describe('spine page (real server, real Chromium)', () => {
  let tmp = '';
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  let base = '';
  let serverLog = '';

  beforeAll(async () => {
    const clientDir = path.join(repo, 'dist/client');
    // Build every run (about 2 s) so the test never exercises a stale bundle.
    if (!existsSync(path.join(clientDir, 'index.html')) || process.env.OPSDECK_E2E_SKIP_BUILD !== '1') {
      await run('npx', ['vite', 'build']);
    }
    tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // A missing OPSDECK_LAKE dir makes the server generate the tiny seed-7 lake ending today.
    server = spawn('npx', ['tsx', 'server/start.ts'], {
      cwd: repo,
      env: {
        ...process.env, PORT: String(port), OPSDECK_LAKE: path.join(tmp, 'lake'), OPSDECK_CLIENT_DIR: clientDir,
        OPSDECK_SIM_SPEED: '60', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '1',
        OPSDECK_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout?.on('data', (b: Buffer) => { serverLog += b.toString(); });
    server.stderr?.on('data', (b: Buffer) => { serverLog += b.toString(); });
    await waitHealthy(base, server, 90_000).catch((e: unknown) => { throw new Error(`${String(e)}\n${serverLog.slice(-3000)}`); });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid && server.exitCode === null) {
      // detached: the npx -> tsx -> node chain shares one process group; end exactly that group.
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 500));
      try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('counts in DuckDB-WASM equal the server catalog for the same seq, and keep equal as data streams', async () => {
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/trpc` })] });
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = Date.now();
    await page.goto(base);
    await page.waitForSelector('[data-testid="duckdb-ready"]', { timeout: 30_000 });
    const readyMs = Date.now() - t0;

    const first = await readPage(page);
    const cat1 = await trpc.catalog.query({ sinceMs: first.sinceMs, atSeq: first.seq });
    const server1 = Object.fromEntries(cat1.tables.map((t) => [t.name, t.rowsSince]));
    for (const t of TABLES) expect({ table: t, n: first.counts[t] }).toEqual({ table: t, n: server1[t] });
    expect(first.counts.usage + first.counts.kpi).toBeGreaterThan(0);

    // Let the simulator (60x) stream for a while, then compare again at the new seq.
    let second = first;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await page.waitForTimeout(1000);
      second = await readPage(page);
      if (second.seq > first.seq && second.counts.kpi + second.counts.usage > first.counts.kpi + first.counts.usage) break;
    }
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(second.sinceMs).toBe(first.sinceMs);
    expect(second.counts.usage + second.counts.kpi + second.counts.alarm)
      .toBeGreaterThan(first.counts.usage + first.counts.kpi + first.counts.alarm);
    const cat2 = await trpc.catalog.query({ sinceMs: second.sinceMs, atSeq: second.seq });
    const server2 = Object.fromEntries(cat2.tables.map((t) => [t.name, t.rowsSince]));
    for (const t of TABLES) expect({ table: t, n: second.counts[t] }).toEqual({ table: t, n: server2[t] });
    expect(errors).toEqual([]);
    const inPage = await page.textContent('[data-testid="time-to-ready"]');
    console.log(`e2e: duckdb-ready after ${readyMs} ms from navigation (${inPage ?? '?'} from app start); seq ${first.seq} -> ${second.seq}; ` +
      `usage ${first.counts.usage} -> ${second.counts.usage}; kpi ${first.counts.kpi} -> ${second.counts.kpi}`);
  }, 90_000);
});
