// End to end in real Chromium: the diagnostics page (formerly the spine, an admin's landing page) shows DuckDB-WASM counts
// equal to the real server's catalog at the same seq.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
