// End to end in real Chromium: the revenue explorer's total (DuckDB-WASM over the rated tables) under a
// tier filter, and after a cross-filter click, equals the server's independent per-account total.
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

/** The integer fen behind the page's total, once it differs from `previous`. */
async function waitTotal(page: Page, previous: string | null): Promise<number> {
  const handle = await page.waitForFunction((prev) => {
    const v = document.querySelector('[data-testid="revenue-total"]')?.getAttribute('data-fen');
    return v && v !== prev ? v : null;
  }, previous, { timeout: 30_000 });
  return Number(await handle.jsonValue());
}

describe('revenue explorer (real server, real Chromium)', () => {
  let tmp = '';
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  let base = '';
  let serverLog = '';

  beforeAll(async () => {
    const clientDir = path.join(repo, 'dist/client');
    if (!existsSync(path.join(clientDir, 'index.html')) || process.env.OPSDECK_E2E_SKIP_BUILD !== '1') {
      await run('npx', ['vite', 'build']);
    }
    tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-e2e-rev-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn('npx', ['tsx', 'server/start.ts'], {
      cwd: repo,
      env: {
        ...process.env, PORT: String(port), OPSDECK_LAKE: path.join(tmp, 'lake'), OPSDECK_CLIENT_DIR: clientDir,
        OPSDECK_SIM_SPEED: '10', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '2',
        // One rating for the whole test, so page and server totals describe the same version.
        OPSDECK_REVENUE_REFRESH_MS: '3600000', OPSDECK_LOG_LEVEL: 'warn',
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
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 500));
      try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('a tier filter and a cross-filter click show the server-side total to the fen', async () => {
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/trpc` })] });
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/#/revenue`);
    const all = await waitTotal(page, null);
    const serverAll = await trpc.revenue.total.query({});
    expect(all).toBe(serverAll.totalFen);
    expect(all).toBeGreaterThan(0);

    // The tier with the most revenue (by the server), chosen through the filter bar.
    const [tierId] = Object.entries(serverAll.byTier).sort((a, b) => b[1] - a[1])[0]!;
    const t0 = Date.now();
    await page.click('[data-testid="filter-tier"] summary');
    await page.click(`[data-testid="filter-tier-${tierId}"]`);
    const tierTotal = await waitTotal(page, String(all));
    const filterMs = Date.now() - t0;
    const serverTier = await trpc.revenue.total.query({ tierIds: [Number(tierId)] });
    expect(tierTotal).toBe(serverTier.totalFen);
    expect(tierTotal).toBeLessThan(all);
    await page.waitForSelector('[data-testid="revenue-server-check"].match', { timeout: 30_000 });

    // Cross-filter: clicking the first province bar adds that province to the filters.
    await page.click('[data-testid="filter-tier"] summary');
    const bar = page.locator('[data-testid="chart-provinces"] rect[data-key]').first();
    const province = await bar.getAttribute('data-key');
    expect(province).toBeTruthy();
    await bar.click();
    const crossTotal = await waitTotal(page, String(tierTotal));
    const serverCross = await trpc.revenue.total.query({ tierIds: [Number(tierId)], provinces: [province!] });
    expect(crossTotal).toBe(serverCross.totalFen);
    expect(await page.isChecked(`[data-testid="filter-province-${province}"]`)).toBe(true);
    expect(errors).toEqual([]);
    console.log(`e2e revenue: total ${all} fen, tier ${tierId} ${tierTotal} fen (filter applied in ${filterMs} ms), + ${province} ${crossTotal} fen`);
  }, 120_000);
});
