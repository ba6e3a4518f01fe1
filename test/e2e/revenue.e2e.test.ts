// End to end in real Chromium: the revenue explorer's total (DuckDB-WASM over the rated tables) under a
// tier filter, and after a cross-filter click, equals the server's independent per-account total.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageErrors, startE2eApp, type E2eApp } from './e2eHarness.js';

/** The integer fen behind the page's total, once it differs from `previous`. */
async function waitTotal(page: Page, previous: string | null): Promise<number> {
  const handle = await page.waitForFunction((prev) => {
    const v = document.querySelector('[data-testid="revenue-total"]')?.getAttribute('data-fen');
    return v && v !== prev ? v : null;
  }, previous, { timeout: 30_000 });
  return Number(await handle.jsonValue());
}

describe('revenue explorer (real server, real Chromium)', () => {
  let app: E2eApp | null = null;

  beforeAll(async () => {
    app = await startE2eApp('opsdeck-e2e-rev-', {
      OPSDECK_SIM_SPEED: '10', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '2',
      // One rating for the whole test, so page and server totals describe the same version.
      OPSDECK_REVENUE_REFRESH_MS: '3600000',
    });
  }, 180_000);

  afterAll(async () => { await app?.close(); });

  it('a tier filter and a cross-filter click show the server-side total to the fen', async () => {
    const { trpc, base, browser } = app!;
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await app!.signIn(page);
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
