// End to end in real Chromium: the revenue explorer's total (DuckDB-WASM over the rated tables) under a
// tier filter, and after a cross-filter click, equals the server's independent per-account total.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/trpc/appRouter';
import { buildClient, launchChromium, startServerProcess, type ServerProcess } from './e2eHarness.js';

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
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  let base = '';

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-e2e-rev-'));
    const clientDir = path.join(tmp, 'client');
    await buildClient(clientDir);
    server = await startServerProcess({
      OPSDECK_LAKE: path.join(tmp, 'lake'), OPSDECK_CLIENT_DIR: clientDir,
      OPSDECK_SIM_SPEED: '10', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '2',
      // One rating for the whole test, so page and server totals describe the same version.
      OPSDECK_REVENUE_REFRESH_MS: '3600000',
    });
    base = server.base;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
