// End to end in real Chromium: the tickets & automation page never says more than it knows. Loading (not "no tickets")
// until the list answers; a failed refresh keeps the list marked stale; an unknown ticket is an error with a retry;
// the tab, filters and open ticket live in the URL (a new tab restores them, back/forward walk them); zh-CN shows Chinese
// words and dates; no serious axe violations in either theme; opening a ticket never moves the table's columns.
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './axeCheck.js';
import { pageErrors, signIn, startClosedLoopApp, type ClosedLoopApp } from './e2eHarness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isTicketList = (url: string) => /\/trpc\/[^?]*automation\.tickets/.test(url);

describe('tickets & automation page tells the truth (real server, real Chromium)', () => {
  let app: ClosedLoopApp | null = null;
  let ticketId = 0;

  beforeAll(async () => {
    app = await startClosedLoopApp('opsdeck-auto-truth-');
    // Seed 41: the baseband fault at site 4 opens a ticket a few seconds after the start.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && ticketId === 0) {
      ticketId = (await app.trpc.automation.tickets.query({})).tickets[0]?.ticketId ?? 0;
      if (ticketId === 0) await sleep(300);
    }
    expect(ticketId).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => { await app?.close(); });

  async function context(prefs: { locale?: string; theme?: string } = {}): Promise<BrowserContext> {
    const ctx = await app!.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await ctx.addInitScript(([locale, theme]) => {
      if (locale) localStorage.setItem('opsdeck.locale', locale);
      if (theme) localStorage.setItem('opsdeck.theme', theme);
    }, [prefs.locale ?? '', prefs.theme ?? ''] as const);
    await signIn(ctx, app!.server.url, 'admin', app!.adminPassword);
    return ctx;
  }
  const url = (hash: string) => `${app!.server.url}/${hash}`;

  it('shows loading, never "no tickets" or counts, until the list answers; a failed refresh keeps the list, marked stale', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => { release = r; });
    let answered = 0;
    let failRefreshes = false;
    await page.route('**/trpc/**', async (route: Route) => {
      if (!isTicketList(route.request().url())) return route.continue();
      if (failRefreshes) return route.abort('failed');
      await held;
      answered++;
      return route.continue();
    });
    await page.goto(url('#/automation'));
    const panel = page.locator('section.panel.tickets');
    await panel.getByTestId('state-loading').waitFor({ timeout: 30_000 });
    // Held for a while: still loading, nothing concluded.
    await sleep(1500);
    expect(await panel.getByTestId('state-loading').count()).toBe(1);
    expect(await page.getByTestId('tickets-empty').count()).toBe(0);
    expect(await page.locator('[data-testid^="ticket-row-"]').count()).toBe(0);
    expect(await page.getByTestId('filter-state-open').textContent()).not.toMatch(/\d/);
    expect(await page.getByTestId('as-of').count()).toBe(0);

    release();
    await page.getByTestId(`ticket-row-${ticketId}`).waitFor({ timeout: 15_000 });
    expect(answered).toBeGreaterThan(0);
    expect(await panel.getByTestId('state-loading').count()).toBe(0);
    expect(await page.getByTestId('filter-state-open').textContent()).toMatch(/\d/);
    expect(await panel.getByTestId('as-of').count()).toBe(1);

    // The server stops answering: the rows stay, marked stale with their time.
    failRefreshes = true;
    await panel.getByTestId('state-stale').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('state-stale').textContent()).toMatch(/^Stale: showing data as of \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(await page.getByTestId(`ticket-row-${ticketId}`).count()).toBe(1);
    failRefreshes = false;
    await panel.getByTestId('state-stale').waitFor({ state: 'detached', timeout: 15_000 });

    // A ticket that does not exist is an error with a retry, never another ticket's content.
    await page.goto(url('#/automation?ticket=999999'));
    const detail = page.getByTestId('ticket-detail');
    await detail.getByTestId('state-error').waitFor({ timeout: 15_000 });
    expect(await detail.getAttribute('data-ticket')).toBe('999999');
    expect(await detail.locator('button.view-retry').count()).toBe(1);
    expect(await detail.getByTestId('ticket-state').count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('the tab, filters and open ticket are in the URL: a new tab restores them, back/forward walk them', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    await page.goto(url('#/automation'));
    await page.getByTestId(`ticket-row-${ticketId}`).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="ticket-row-${ticketId}"] td.title a`).click();
    await page.getByTestId('ticket-state').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).hash).toBe(`#/automation?ticket=${ticketId}`);
    await page.getByTestId('filter-state-open').click();
    await page.getByTestId('filter-state-resolved').click();
    await page.locator('button:has-text("money at risk")').click();
    await page.waitForFunction(() => location.hash.includes('sort=money'));
    const shared = page.url();
    expect(new URL(shared).hash).toMatch(/^#\/automation\?ticket=\d+&state=open%2Cresolved&sort=money$/);

    // Opened in a new tab: the same filters pressed, the same sort, the same ticket open.
    const other = await ctx.newPage();
    await other.goto(shared);
    await other.getByTestId('ticket-state').waitFor({ timeout: 15_000 });
    expect(await other.getByTestId('ticket-detail').getAttribute('data-ticket')).toBe(String(ticketId));
    expect(await other.getByTestId('filter-state-open').getAttribute('aria-pressed')).toBe('true');
    expect(await other.getByTestId('filter-state-resolved').getAttribute('aria-pressed')).toBe('true');
    expect(await other.getByTestId('filter-state-escalated').getAttribute('aria-pressed')).toBe('false');
    expect(await other.locator('button:has-text("money at risk")').getAttribute('aria-pressed')).toBe('true');
    await other.close();

    // Another tab of the page and back: the ticket is open again; back once more undoes the sort.
    await page.getByTestId('tab-autonomy').click();
    await page.getByTestId('autonomy-panel').waitFor();
    expect(new URL(page.url()).hash).toContain('tab=autonomy');
    await page.goBack();
    await page.getByTestId('ticket-state').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('tab-tickets').getAttribute('aria-pressed')).toBe('true');
    await page.goBack();
    await page.waitForFunction(() => !location.hash.includes('sort=money'));
    expect(await page.locator('button:has-text("newest")').getAttribute('aria-pressed')).toBe('true');
    // Closing the ticket is a step back can undo too.
    await page.getByTestId('ticket-close').click();
    await page.getByTestId('ticket-detail').waitFor({ state: 'detached' });
    await page.goBack();
    await page.getByTestId('ticket-detail').waitFor({ timeout: 15_000 });

    // A link straight to a tab.
    const direct = await ctx.newPage();
    await direct.goto(url('#/automation?tab=autonomy'));
    await direct.getByTestId('rule-level-baseband-fault').waitFor({ timeout: 15_000 });
    expect(await direct.getByTestId('tab-autonomy').getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('zh-CN: Chinese labels, vocabulary and dates', async () => {
    const ctx = await context({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    await page.goto(url(`#/automation?ticket=${ticketId}`));
    await page.getByTestId('ticket-state').waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('main.automation h1').textContent()).toBe('工单与自动化');
    expect(await page.getByTestId('tab-tickets').textContent()).toBe('工单');
    expect(await page.getByTestId('filter-state-open').textContent()).toMatch(/^待处理/);
    expect(await page.getByTestId('filter-sev-critical').textContent()).toBe('紧急');
    expect(['待处理', '处置中', '验证中', '已解决', '已升级']).toContain(await page.getByTestId('ticket-state').textContent());
    expect(await page.locator('.ticket-table thead').textContent()).toContain('风险收入');
    expect(await page.locator(`[data-testid="ticket-row-${ticketId}"] time`).first().textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    expect(await page.locator('.timeline time').first().textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    // (priced when it opened, or said to be unpriced: never a bare number without its time base)
    expect(await page.getByTestId('ticket-money').textContent()).toMatch(/风险收入 每小时 ¥[\d,]+\.\d\d.*SLA 赔付风险 每月 ¥|未定价/);
    expect(await page.getByTestId('ticket-chart-legend').textContent()).toContain('季节性基线');
    await page.getByTestId('tab-autonomy').click();
    await page.getByTestId('rule-level-baseband-fault').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('autonomy-panel').textContent()).toContain('规则：自治等级');
    expect(await page.getByTestId('autonomy-mix').textContent()).toMatch(/开单时间 \d{4}年/);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('no serious accessibility violations with a ticket open and on the autonomy tab, dark and light', async () => {
    for (const theme of ['dark', 'light']) {
      const ctx = await context({ theme });
      const page = await ctx.newPage();
      await page.goto(url(`#/automation?ticket=${ticketId}`));
      await page.getByTestId('ticket-state').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="ticket-kpi-chart"] svg').waitFor();
      expect(await page.locator('html').getAttribute('data-theme')).toBe(theme);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByTestId('tab-autonomy').click();
      await page.getByTestId('rule-level-baseband-fault').waitFor({ timeout: 15_000 });
      expect(await seriousA11yViolations(page)).toEqual([]);
      await ctx.close();
    }
  }, 60_000);

  it('opening a ticket never changes the ticket table’s column widths', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(url('#/automation'));
    await page.getByTestId(`ticket-row-${ticketId}`).waitFor({ timeout: 30_000 });
    const widths = (p: Page) => p.locator('[data-testid="ticket-table"] thead th').evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width * 10) / 10));
    const before = await widths(page);
    expect(before.length).toBe(10);
    await page.getByTestId(`ticket-row-${ticketId}`).click();
    await page.getByTestId('ticket-state').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="ticket-kpi-chart"] svg').waitFor();
    expect(await page.getByTestId(`ticket-row-${ticketId}`).getAttribute('aria-selected')).toBe('true');
    expect(await widths(page)).toEqual(before);
    // The long title is cut with an ellipsis, its full text on hover.
    const title = page.locator(`[data-testid="ticket-row-${ticketId}"] td.title`);
    expect(await title.getAttribute('title')).toBe((await app!.trpc.automation.ticket.query({ ticketId })).ticket.title);
    expect(await title.evaluate((td) => getComputedStyle(td).textOverflow)).toBe('ellipsis');
    await ctx.close();
  }, 60_000);
});
