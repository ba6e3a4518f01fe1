// End to end in real Chromium: a fault in the simulator becomes a ticket the NOC page shows healed; the rule editor validates and dry-runs.
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLake } from '../../fixtures/generateLake.js';
import { loadConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/startServer.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import { adminAuthorization, makeTempDir } from '../server/testServer.js';
import { buildClient, launchChromium, randomAdminPassword, signIn } from './e2eHarness.js';

// Seed 41 / 20 sites: a baseband fault at site 4, 48 min after the simulator starts (see closedLoop.integration.test.ts).
const END_MS = Date.UTC(2030, 0, 2);

describe('tickets & automation page (real server, real Chromium)', () => {
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  let cleanup: () => Promise<void> = async () => undefined;
  const adminPassword = randomAdminPassword();

  beforeAll(async () => {
    const tmp = await makeTempDir('opsdeck-auto-e2e-');
    cleanup = tmp.cleanup;
    const clientDir = path.join(tmp.dir, 'client');
    await Promise.all([
      buildClient(clientDir),
      generateLake({ seed: 41, sites: 20, accounts: 400, days: 1, endMs: END_MS, outDir: path.join(tmp.dir, 'lake') }),
    ]);
    server = await startServer(loadConfig({
      PORT: '0', HOST: '127.0.0.1', OPSDECK_LAKE: path.join(tmp.dir, 'lake'), OPSDECK_CLIENT_DIR: clientDir,
      OPSDECK_SIM_SPEED: '600', OPSDECK_SIM_TICK_MS: '100', OPSDECK_LOG_LEVEL: 'silent', OPSDECK_STATE: path.join(tmp.dir, 'state.duckdb'),
      OPSDECK_ADMIN_PASSWORD: adminPassword,
    }));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup();
  });

  it('shows the healed ticket with its timeline, chart and lead time; the rule editor reports problems and dry-runs', async () => {
    const authorization = await adminAuthorization(server!);
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server!.url}/trpc`, headers: { authorization } })] });
    let ticketId: number | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && ticketId === null) {
      const r = await trpc.automation.tickets.query({ states: ['resolved'] });
      ticketId = r.tickets.find((t) => t.siteIds.includes(4))?.ticketId ?? null;
      if (ticketId === null) await new Promise((r2) => setTimeout(r2, 300));
    }
    expect(ticketId).not.toBeNull();
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server!.url, 'admin', adminPassword);
    await page.goto(`${server!.url}/#/automation`);
    await page.click(`[data-testid="ticket-row-${ticketId}"]`, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="ticket-state"]');
    expect(await page.textContent('[data-testid="ticket-state"]')).toBe('resolved');
    const lead = await page.textContent('[data-testid="lead-time"]');
    expect(lead).toMatch(/before the SLA breach|breach prevented/);
    expect(await page.locator('[data-testid="ticket-kpi-chart"] svg').count()).toBeGreaterThan(0);
    const timeline = await page.locator('.timeline li').allTextContents();
    expect(timeline.some((l) => l.includes('verifying') && l.includes('resolved') && l.includes('verifier'))).toBe(true);

    await page.click('button:has-text("Rules")');
    await page.click('text=latency-early-warning');
    await page.click('button:has-text("Dry-run")');
    await page.waitForSelector('[data-testid="dry-run"]', { timeout: 30_000 });
    const dry = await page.textContent('[data-testid="dry-run"]');
    expect(dry).toMatch(/would have fired/);
    expect(await page.locator('[data-testid="dry-run"] tbody td:first-child', { hasText: /^4$/ }).count()).toBeGreaterThan(0);

    await page.fill('textarea[aria-label="rule YAML"]', 'id: latency-early-warning\nwhen: "latency_z > 4 and nope"\n');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('[data-testid="rule-problems"]');
    expect(await page.textContent('[data-testid="rule-problems"]')).toMatch(/line 2, col \d+ · when: unknown feature 'nope'/);
    expect(errors).toEqual([]);
  });
});
