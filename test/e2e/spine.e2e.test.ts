// End to end in real Chromium: the diagnostics page (formerly the spine, an admin's landing page) shows DuckDB-WASM counts
// equal to the real server's catalog at the same seq, and draws the server's first-paint series before DuckDB-WASM is up.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAINT_HOURLY_TOKENS_PATH, hourlyTokensSeriesSchema } from '../../schema/firstPaint.js';
import { pageErrors, startE2eApp, type E2eApp } from './e2eHarness.js';

const TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const;

interface PageReading { sinceMs: number; seq: number; counts: Record<(typeof TABLES)[number], number> }

/** Reads window, seq and counts in one evaluation: they are rendered together from one DuckDB read (exact values from data attributes; the text is formatted for the reader). */
async function readPage(page: Page): Promise<PageReading> {
  const raw = await page.evaluate((tables) => {
    const attr = (id: string, name: string) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name) ?? '';
    return { since: attr('window-since', 'data-ms'), seq: attr('live-seq', 'data-value'), counts: tables.map((t) => attr(`count-${t}`, 'data-value')) };
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

describe('diagnostics page (real server, real Chromium)', () => {
  let app: E2eApp | null = null;

  beforeAll(async () => {
    app = await startE2eApp('opsdeck-e2e-', {
      // A missing OPSDECK_LAKE dir makes the server generate the tiny seed-7 lake ending today.
      OPSDECK_SIM_SPEED: '60', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '1',
    });
  }, 180_000);

  afterAll(async () => { await app?.close(); });

  it('counts in DuckDB-WASM equal the server catalog for the same seq, and keep equal as data streams', async () => {
    const { trpc, base, browser } = app!;
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await app!.signIn(page);
    const t0 = Date.now();
    // An administrator lands on the diagnostics page.
    await page.goto(base);
    await page.waitForSelector('[data-testid="diagnostics-page"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="duckdb-ready"]', { timeout: 30_000 });
    const readyMs = Date.now() - t0;
    await page.waitForSelector('[data-testid="live-seq"][data-value]', { timeout: 10_000 });

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

  it('draws the server first-paint series, labelled, while DuckDB-WASM loads, then replaces it with the browser series', async () => {
    const { base, browser } = app!;
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await app!.signIn(page);
    // Hold DuckDB's wasm until the first paint has been checked, so the order does not depend on the machine's speed.
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => { release = r; });
    await page.route(/duckdb-[\w-]+\.wasm$/, async (route) => { await gate; await route.continue(); });
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === FIRST_PAINT_HOURLY_TOKENS_PATH);
    await page.goto(`${base}/#/diagnostics`);
    const res = await answer;
    expect(res.status()).toBe(200);
    const series = hourlyTokensSeriesSchema.parse(await res.json());
    expect(series.hourMs.length).toBeGreaterThan(0);

    const bars = '[data-testid="usage-chart"] svg g[aria-label="rect"] rect';
    await page.waitForSelector(`[data-testid="usage-panel"][data-source="server"] ${bars}`, { timeout: 30_000 });
    expect(await page.locator(bars).count()).toBe(series.hourMs.length);
    expect(await page.textContent('[data-testid="usage-first-paint"]')).toMatch(/precomputed on the server/);
    expect(await page.getAttribute('[data-testid="usage-first-paint"] time', 'data-ms')).toBe(String(series.asOfMs));
    expect(await page.getAttribute('[data-testid="sync-state"]', 'data-phase')).not.toBe('live');
    expect(await page.locator('[data-testid="duckdb-ready"]').count()).toBe(0);

    release();
    await page.waitForSelector(`[data-testid="usage-panel"][data-source="browser"] ${bars}`, { timeout: 60_000 });
    expect(await page.locator('[data-testid="usage-first-paint"]').count()).toBe(0);
    expect(await page.locator('[data-testid="usage-as-of"]').count()).toBe(1);
    expect(await page.locator('[data-testid="duckdb-ready"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});
