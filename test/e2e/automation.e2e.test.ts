// End to end in real Chromium: a fault in the simulator becomes a ticket the NOC page shows healed; the rule editor validates and dry-runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startClosedLoopApp, type ClosedLoopApp } from './e2eHarness.js';

describe('tickets & automation page (real server, real Chromium)', () => {
  let app: ClosedLoopApp | null = null;

  beforeAll(async () => { app = await startClosedLoopApp('opsdeck-auto-e2e-'); }, 180_000);
  afterAll(async () => { await app?.close(); });

  it('shows the healed ticket with its timeline, chart and lead time; the rule editor reports problems and dry-runs', async () => {
    const { server, browser, trpc, adminPassword } = app!;
    let ticketId: number | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && ticketId === null) {
      const r = await trpc.automation.tickets.query({ states: ['resolved'] });
      ticketId = r.tickets.find((t) => t.siteIds.includes(4))?.ticketId ?? null;
      if (ticketId === null) await new Promise((r2) => setTimeout(r2, 300));
    }
    expect(ticketId).not.toBeNull();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server.url, 'admin', adminPassword);
    await page.goto(`${server.url}/#/automation`);
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
