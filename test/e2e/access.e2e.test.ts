// End to end in real Chromium: each role sees only its pages, a scoped NOC user's browser DuckDB and map hold only
// their province, an anonymous visitor gets the sign-in page and no data, and the app runs under its strict CSP.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../schema/access.js';
import { pageErrors, startE2eApp, type E2eApp } from './e2eHarness.js';

const PASSWORD = 'e2e-user-password-1';
const PAGES_OF: Record<Exclude<Role, 'producer'>, string[]> = {
  noc: ['NOC map', 'Tickets & automation'],
  pm: ['Revenue'],
  exec: ['NOC map', 'Revenue', 'Tickets & automation', 'Executive report'],
  'automation-admin': ['NOC map', 'Tickets & automation'],
  admin: ['NOC map', 'Revenue', 'Tickets & automation', 'Executive report', 'Admin', 'Diagnostics'],
};

/** Content-Security-Policy violations the page reports on its console. */
function cspViolations(page: Page): string[] {
  const out: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) out.push(m.text()); });
  return out;
}

describe('identity, roles and scope (real server, real Chromium)', () => {
  let app: E2eApp | null = null;
  let inScope: number[] = [];
  let outOfScope: number[] = [];
  let province = '';

  beforeAll(async () => {
    app = await startE2eApp('opsdeck-access-e2e-', {
      OPSDECK_SIM_SPEED: '30', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '1',
    }, { webgl: true });
    const { trpc } = app;
    for (const role of Object.keys(PAGES_OF) as (keyof typeof PAGES_OF)[]) {
      if (role !== 'admin') await trpc.admin.createUser.mutate({ username: `e2e-${role}`, displayName: role, password: PASSWORD, roles: [role], scope: null });
    }
    // The scoped user's province: the one with the most sites, so the map and tables have something to show.
    const sites = await trpc.noc.sites.query();
    const byProvince = new Map<string, number[]>();
    for (const s of sites) byProvince.set(s.province, [...(byProvince.get(s.province) ?? []), s.site_id]);
    [province, inScope] = [...byProvince.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    outOfScope = sites.map((s) => s.site_id).filter((id) => !inScope.includes(id));
    expect(outOfScope.length).toBeGreaterThan(0);
    await trpc.admin.createUser.mutate({ username: 'e2e-noc-scoped', displayName: 'Scoped NOC', password: PASSWORD, roles: ['noc'], scope: { regions: [], provinces: [province] } });
  }, 240_000);

  afterAll(async () => { await app?.close(); });

  it('each role sees exactly its pages, is refused the others, and the app runs under the strict CSP', async () => {
    const { base, browser } = app!;
    for (const [role, pages] of Object.entries(PAGES_OF)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      const csp = cspViolations(page);
      await app!.signIn(page, role === 'admin' ? 'admin' : `e2e-${role}`, role === 'admin' ? app!.adminPassword : PASSWORD);
      await page.goto(base);
      await page.waitForSelector('nav[aria-label="OpsDeck pages"] a', { timeout: 30_000 });
      const nav = await page.locator('nav[aria-label="OpsDeck pages"] a').allTextContents();
      expect({ role, nav }).toEqual({ role, nav: pages });
      // Executives land on their report (each role's landing page is pinned in test/client/pageAccess.test.ts).
      if (role === 'exec') await page.getByTestId('executive-page').waitFor({ timeout: 30_000 });
      if (!pages.includes('Admin')) {
        await page.goto(`${base}/#/admin`);
        await page.getByText('may not open this page').waitFor({ timeout: 10_000 });
        // The server refuses the admin API itself, whatever the page shows.
        const status = await page.evaluate(async () => (await fetch('/trpc/admin.users')).status);
        expect({ role, status }).toEqual({ role, status: 403 });
      }
      // Every page the role may open renders without errors under the CSP (DuckDB-WASM worker, deck.gl, Plot).
      for (const title of pages) {
        await page.locator('nav[aria-label="OpsDeck pages"] a', { hasText: title }).click();
        await page.waitForTimeout(1500);
      }
      await page.waitForSelector('[data-testid="duckdb-ready"], nav', { timeout: 30_000 });
      expect({ role, errors, csp }).toEqual({ role, errors: [], csp: [] });
      await context.close();
    }
  }, 300_000);

  it("a scoped NOC user's browser DuckDB and map hold only their province's sites and accounts", async () => {
    const { base, browser } = app!;
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    const session = await app!.signIn(page, 'e2e-noc-scoped', PASSWORD);
    expect(session.scope).toEqual({ regions: [], provinces: [province] });
    await page.goto(`${base}/#/noc`);
    await page.waitForSelector('[data-testid="noc-window"][data-source="browser"]', { timeout: 90_000 });
    await page.waitForSelector('[data-testid="noc-map"] canvas', { timeout: 10_000 });
    // Let live frames arrive as well as the snapshots.
    await page.waitForTimeout(3000);
    const q = (sql: string) => page.evaluate((s) => window.__opsdeckDataset!.query(s), sql);
    const ids = inScope.join(',');
    const tables = await q(`SELECT 'site' AS t, count(*) FILTER (WHERE site_id NOT IN (${ids})) AS outside, count(*) AS n FROM site
      UNION ALL SELECT 'kpi', count(*) FILTER (WHERE site_id NOT IN (${ids})), count(*) FROM kpi
      UNION ALL SELECT 'usage', count(*) FILTER (WHERE site_id NOT IN (${ids})), count(*) FROM usage
      UNION ALL SELECT 'alarm', count(*) FILTER (WHERE site_id NOT IN (${ids})), count(*) FROM alarm
      UNION ALL SELECT 'account', count(*) FILTER (WHERE province <> '${province.replace(/'/g, "''")}'), count(*) FROM account`);
    const byTable = Object.fromEntries(tables.map((r) => [String(r.t), { outside: Number(r.outside), n: Number(r.n) }]));
    for (const t of ['site', 'kpi', 'usage', 'alarm', 'account']) expect({ t, outside: byTable[t]!.outside }).toEqual({ t, outside: 0 });
    for (const t of ['site', 'kpi', 'account']) expect(byTable[t]!.n).toBeGreaterThan(0);
    expect(byTable.site!.n).toBe(inScope.length);
    // The map draws only in-scope sites.
    const pixels = await page.evaluate((all) => all.map((id) => window.__opsdeckNocMap?.pixelOf(id) ?? null), [...inScope, ...outOfScope]);
    expect(pixels.slice(0, inScope.length).every((p) => p !== null)).toBe(true);
    expect(pixels.slice(inScope.length).every((p) => p === null)).toBe(true);
    // Asking the server directly for another province's site is answered as if it did not exist.
    const detail = await page.evaluate(async (id) => {
      const input = encodeURIComponent(JSON.stringify({ siteId: id, windowMs: 3_600_000 }));
      return (await fetch(`/trpc/noc.siteDetail?input=${input}`)).status;
    }, outOfScope[0]!);
    expect(detail).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('an anonymous visitor gets the sign-in page, the app asks for no data, and every data route refuses', async () => {
    const { base, browser } = app!;
    const context = await browser.newContext();
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (/^\/(trpc|data|live|admin)/.test(u.pathname)) asked.push(u.pathname); });
    await page.goto(base);
    await page.getByLabel('Username').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect(asked).toEqual([]);
    const statuses = await page.evaluate(async () => {
      const paths = ['/trpc/status', '/trpc/noc.sites', '/trpc/admin.users', '/data/kpi', '/data/revenue_day', '/admin/audit.csv', '/auth/me', '/live'];
      return Promise.all(paths.map(async (p) => `${p} ${(await fetch(p)).status}`));
    });
    expect(statuses).toEqual(['/trpc/status 401', '/trpc/noc.sites 401', '/trpc/admin.users 401', '/data/kpi 401', '/data/revenue_day 401',
      '/admin/audit.csv 401', '/auth/me 401', '/live 401']);
    // Signing in through the page itself works and lands on the app.
    await page.getByLabel('Username').fill('e2e-pm');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('nav[aria-label="OpsDeck pages"] a', { timeout: 30_000 });
    expect(await page.locator('nav[aria-label="OpsDeck pages"] a').allTextContents()).toEqual(PAGES_OF.pm);
    await context.close();
  }, 120_000);
});
