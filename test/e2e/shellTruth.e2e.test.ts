// Issue 11 end to end in real Chromium (small lake): each role lands on its own page; an unknown route gets the not-found
// page and every view its own tab title; 中文 and the light theme are remembered; the executive page's definition, period
// and comparison live in the URL (new tab, back/forward) and never show one period's figures under another's name; and
// axe finds no serious accessibility violation on the executive, admin, diagnostics and sign-in pages in either theme.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../schema/access.js';
import { seriousA11yViolations } from './axeCheck.js';
import { pageErrors, startE2eApp, type E2eApp } from './e2eHarness.js';

const PASSWORD = 'e2e-shell-password-1';
/** The shell's nav bar (its aria-label is translated, so not selected by it). */
const NAV = 'nav.appnav';
/** Each role's first page, by its nav title (en) and a mark of the page itself where it is ours. */
const LANDING: Record<Exclude<Role, 'producer'>, { title: string; testId?: string }> = {
  noc: { title: 'NOC map' },
  pm: { title: 'Revenue' },
  exec: { title: 'Executive report', testId: 'executive-page' },
  'automation-admin': { title: 'Tickets & automation' },
  admin: { title: 'Diagnostics', testId: 'diagnostics-page' },
};
const userOf = (role: string) => (role === 'admin' ? 'admin' : `e2e-shell-${role}`);

describe('a UI that never misleads: landing pages, titles, language, theme, URL state, accessibility (real server, real Chromium)', () => {
  let app: E2eApp | null = null;

  beforeAll(async () => {
    app = await startE2eApp('opsdeck-e2e-shell-', {
      // Two raw days; older periods (the last complete week and month) come from the generated daily history.
      OPSDECK_SIM_SPEED: '1', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '300', OPSDECK_DAYS: '2',
    }, { webgl: true });
    for (const role of Object.keys(LANDING) as (keyof typeof LANDING)[]) {
      if (role !== 'admin') await app.trpc.admin.createUser.mutate({ username: userOf(role), displayName: role, password: PASSWORD, roles: [role], scope: null });
    }
  }, 180_000);

  afterAll(async () => { await app?.close(); });

  /** Each user's session cookie, signed in once (the server rate-limits sign-ins per address). */
  const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

  /** A fresh context signed in as `role`, with stored preferences (as the preferences menu would have left them). */
  async function contextAs(role: keyof typeof LANDING | null, prefs: { locale?: string; theme?: string } = {}): Promise<BrowserContext> {
    if (role && !sessions.has(role)) {
      const first = await app!.browser.newContext();
      await app!.signIn(first, userOf(role), role === 'admin' ? app!.adminPassword : PASSWORD);
      sessions.set(role, await first.storageState());
      await first.close();
    }
    const context = await app!.browser.newContext({ viewport: { width: 1400, height: 900 }, ...(role ? { storageState: { cookies: sessions.get(role)!.cookies, origins: [] } } : {}) });
    await context.addInitScript((p) => {
      // Only before the app first runs in this context: a later change made through the menu must survive a reload.
      if (sessionStorage.getItem('e2e-prefs-set')) return;
      sessionStorage.setItem('e2e-prefs-set', '1');
      if (p.locale) localStorage.setItem('opsdeck.locale', p.locale);
      if (p.theme) localStorage.setItem('opsdeck.theme', p.theme);
      localStorage.setItem('opsdeck.timeZone', 'Asia/Shanghai');
    }, prefs);
    return context;
  }

  const currentNav = (page: Page) => page.locator(`${NAV} a[aria-current="page"]`).textContent();

  it('each role lands on its own page', async () => {
    const roles = Object.entries(LANDING) as [keyof typeof LANDING, (typeof LANDING)[keyof typeof LANDING]][];
    await Promise.all(roles.map(([role]) => contextAs(role).then((c) => c.close())));
    const landed = await Promise.all(roles.map(async ([role, landing]) => {
      const context = await contextAs(role);
      const page = await context.newPage();
      await page.goto(app!.base);
      await page.waitForSelector(`${NAV} a[aria-current="page"]`, { timeout: 30_000 });
      if (landing.testId) await page.getByTestId(landing.testId).waitFor({ timeout: 30_000 });
      const result = { role, page: await currentNav(page), title: await page.title() };
      await context.close();
      return result;
    }));
    expect(landed).toEqual(roles.map(([role, l]) => ({ role, page: l.title, title: `${l.title} · OpsDeck` })));
  }, 60_000);

  it('an unknown route shows the not-found page with a link to the landing page; every view has its own title', async () => {
    const context = await contextAs('admin');
    const page = await context.newPage();
    await page.goto(`${app!.base}/#/no-such-page`);
    const notFound = page.getByTestId('not-found');
    await notFound.waitFor({ timeout: 30_000 });
    expect(await notFound.textContent()).toContain('#/no-such-page');
    expect(await page.title()).toBe('Page not found · OpsDeck');
    const link = notFound.locator('a');
    expect(await link.getAttribute('href')).toBe('#/diagnostics');
    await link.click();
    await page.getByTestId('diagnostics-page').waitFor({ timeout: 30_000 });

    const titles: string[] = [];
    for (const name of await page.locator(`${NAV} a`).allTextContents()) {
      await page.locator(`${NAV} a`, { hasText: name }).click();
      await page.waitForFunction((n) => document.querySelector('nav a[aria-current="page"]')?.textContent === n, name);
      await page.waitForFunction((n) => document.title === `${n} · OpsDeck`, name);
      titles.push(await page.title());
    }
    expect(titles.length).toBe(6);
    expect(new Set(titles).size).toBe(titles.length);
    await context.close();
  }, 90_000);

  it('中文 in the preferences renders Chinese labels and dates and is remembered; so is the light theme', async () => {
    const context = await contextAs('admin');
    const page = await context.newPage();
    await page.goto(`${app!.base}/#/diagnostics`);
    await page.getByTestId('window-since').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('pref-locale').selectOption('zh-CN');
    await page.getByTestId('pref-theme').selectOption('light');
    const chinese = async () => {
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      expect(await page.locator(`${NAV} a`).allTextContents()).toEqual(['NOC 地图', '收入', '工单与自动化', '经营报告', '管理', '诊断']);
      // A date as a Chinese operator writes it, in the operator's zone: 2026年11月29日 15:00.
      await page.waitForFunction(() => /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(document.querySelector('[data-testid="window-since"]')?.textContent ?? ''));
      expect(await page.title()).toBe('诊断 · OpsDeck');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    };
    await chinese();
    await page.reload();
    await page.getByTestId('window-since').waitFor({ timeout: 60_000 });
    await chinese();
    await context.close();
  }, 90_000);

  it('the executive view lives in the URL: restored in a new tab, back/forward walk the periods, never the wrong figures', async () => {
    const context = await contextAs('exec');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${app!.base}/#/executive`);
    await page.locator('[data-testid="exec-report"]').waitFor({ timeout: 60_000 });
    // From here on, record any moment the report on screen is not the one the URL names.
    await page.evaluate(() => {
      const w = window as unknown as { __mismatches: string[] };
      w.__mismatches = [];
      const check = () => {
        const report = document.querySelector('[data-testid="exec-report"]');
        if (!report) return;
        const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
        const want = params.get('period');
        const got = report.getAttribute('data-period');
        if (want && got !== want) w.__mismatches.push(`${want} showed ${got}`);
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-period'] });
      window.addEventListener('hashchange', check);
    });
    const shown = () => page.locator('[data-testid="exec-report"]').getAttribute('data-period');
    const urlParam = (key: string) => new URLSearchParams(page.url().split('#')[1]?.split('?')[1] ?? '').get(key);
    const waitPeriod = (label: string) => page.waitForFunction((l) => document.querySelector('[data-testid="exec-report"]')?.getAttribute('data-period') === l, label, { timeout: 60_000 });

    // The monthly report: definition and its last complete month in the URL.
    await page.getByTestId('definition-picker').selectOption('monthly-exec');
    await page.waitForFunction(() => location.hash.includes('def=monthly-exec'));
    const month = urlParam('period')!;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    await waitPeriod(month);
    // Back to the weekly one, then two weeks back and a comparison choice: each a history entry.
    await page.getByTestId('definition-picker').selectOption('weekly-exec');
    await page.waitForFunction(() => location.hash.includes('def=weekly-exec'));
    const w0 = urlParam('period')!;
    await waitPeriod(w0);
    await page.getByTestId('period-prev').click();
    await page.waitForFunction((p) => !location.hash.includes(`period=${p}`), w0);
    const w1 = urlParam('period')!;
    await waitPeriod(w1);
    await page.getByTestId('period-prev').click();
    await page.waitForFunction((p) => !location.hash.includes(`period=${p}`), w1);
    const w2 = urlParam('period')!;
    await waitPeriod(w2);
    expect(new Set([w0, w1, w2]).size).toBe(3);
    await page.getByTestId('compare-picker').selectOption('previous');
    await page.waitForFunction(() => location.hash.includes('compare=previous'));

    // A new tab with the same URL shows the same view.
    const url = page.url();
    expect(url).toContain('def=weekly-exec');
    const tab = await context.newPage();
    await tab.goto(url);
    await tab.waitForFunction((l) => document.querySelector('[data-testid="exec-report"]')?.getAttribute('data-period') === l, w2, { timeout: 60_000 });
    expect(await tab.locator('[data-testid="exec-report"]').getAttribute('data-definition')).toBe('weekly-exec');
    expect(await tab.getByTestId('compare-picker').inputValue()).toBe('previous');
    expect(await tab.getByTestId('definition-picker').inputValue()).toBe('weekly-exec');
    await tab.close();

    // Back: comparison, then w1, then w0, then the monthly report; forward again to w1.
    await page.goBack();
    await page.waitForFunction(() => !location.hash.includes('compare='));
    expect(await shown()).toBe(w2);
    await page.goBack();
    await waitPeriod(w1);
    await page.goBack();
    await waitPeriod(w0);
    await page.goBack();
    await waitPeriod(month);
    expect(await page.getByTestId('definition-picker').inputValue()).toBe('monthly-exec');
    await page.goForward();
    await waitPeriod(w0);
    await page.goForward();
    await waitPeriod(w1);

    // A reversed custom range is refused with a message and asks for nothing.
    await page.getByTestId('period-kind-custom').click();
    await page.waitForFunction(() => location.hash.includes('..'));
    await page.getByTestId('custom-from').fill('2026-03-10');
    await page.getByTestId('custom-to').fill('2026-03-01');
    await page.getByTestId('period-error').waitFor();
    expect(await page.getByTestId('period-error').textContent()).toMatch(/after the end/);
    expect(await page.locator('[data-testid="exec-report"]').count()).toBe(0);

    expect(await page.evaluate(() => (window as unknown as { __mismatches: string[] }).__mismatches)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('no serious accessibility violation on the executive, admin, diagnostics and sign-in pages, dark and light, and in Chinese', async () => {
    const pages: Array<{ name: string; role: 'admin' | null; hash: string; ready: string; locale?: string }> = [
      { name: 'executive', role: 'admin', hash: '#/executive', ready: '[data-testid="exec-report"]' },
      { name: 'admin', role: 'admin', hash: '#/admin', ready: '[data-testid="users-panel"] table' },
      { name: 'admin audit', role: 'admin', hash: '#/admin?tab=audit', ready: '[data-testid="audit-panel"] table' },
      { name: 'diagnostics', role: 'admin', hash: '#/diagnostics', ready: '[data-testid="usage-chart"] svg' },
      { name: 'sign-in', role: null, hash: '', ready: '#signin-username' },
      { name: 'executive zh-CN', role: 'admin', hash: '#/executive', ready: '[data-testid="exec-report"]', locale: 'zh-CN' },
    ];
    await contextAs('admin').then((c) => c.close());
    const found: Record<string, string[]> = {};
    for (const theme of ['dark', 'light']) {
      await Promise.all(pages.map(async (p) => {
        const context = await contextAs(p.role, { theme, locale: p.locale ?? 'en' });
        const page = await context.newPage();
        await page.goto(`${app!.base}/${p.hash}`);
        await page.waitForSelector(p.ready, { timeout: 60_000 });
        found[`${p.name} ${theme}`] = await seriousA11yViolations(page);
        await context.close();
      }));
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 120_000);
});
