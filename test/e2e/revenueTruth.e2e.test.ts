// End to end in real Chromium: the revenue explorer never states a figure it does not have (loading, never ¥0.00,
// before the rated tables arrive), refuses a reversed date range and keeps the last valid figures, restores a shared
// URL in a new tab (and walks back), speaks Chinese in zh-CN, has no serious axe violations in either theme, and
// exports CSV with tier names and RMB that add up to the page's total.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceNameZh } from '../../schema/placeNamesZh.js';
import { seriousA11yViolations } from './axeCheck.js';
import { pageErrors, startE2eApp, type E2eApp } from './e2eHarness.js';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The integer fen behind the page's total once it is there and differs from `previous`. */
async function waitTotal(page: Page, previous: string | null = null): Promise<number> {
  const handle = await page.waitForFunction((prev) => {
    const v = document.querySelector('[data-testid="revenue-total"]')?.getAttribute('data-fen');
    return v && v !== prev ? v : null;
  }, previous, { timeout: 45_000 });
  return Number(await handle.jsonValue());
}

const totalNow = (page: Page) => page.getAttribute('[data-testid="revenue-total"]', 'data-fen');

/** First and last day of the rated tables the page holds (UTC midnight ms). */
async function ratedDays(page: Page): Promise<[number, number]> {
  const [row] = await page.evaluate(() => window.__opsdeckDataset!.query('SELECT epoch_ms(min(day))::DOUBLE AS lo, epoch_ms(max(day))::DOUBLE AS hi FROM revenue_day'));
  return [Number(row!.lo), Number(row!.hi)];
}

/** Parses our CSV (no embedded newlines in these files): header + rows as objects. */
function parseCsv(text: string): Record<string, string>[] {
  const cells = (line: string) => {
    const out: string[] = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c; }
      else if (c === '"') quoted = true; else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const [head, ...lines] = text.split('\r\n').filter((l) => l !== '');
  const cols = cells(head!);
  return lines.map((l) => Object.fromEntries(cells(l).map((v, i) => [cols[i]!, v])));
}

describe('revenue explorer tells the truth (real server, real Chromium)', () => {
  let app: E2eApp | null = null;

  beforeAll(async () => {
    app = await startE2eApp('opsdeck-e2e-revtruth-', {
      OPSDECK_SIM_SPEED: '10', OPSDECK_SEED: '11', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '2',
      // One rating for the whole run: page and server totals describe the same version.
      OPSDECK_REVENUE_REFRESH_MS: '3600000',
    });
  }, 180_000);

  afterAll(async () => { await app?.close(); });

  // (d), (e) and (f) read one page (each page load starts DuckDB-WASM again, the slow part of these tests).
  let shared: Promise<{ page: Page; errors: string[]; total: number }> | null = null;
  const sharedPage = () => (shared ??= openPage().then(async (p) => ({ ...p, total: await waitTotal(p.page) })));

  async function openPage(hash = '#/revenue', context?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    const ctx = context ?? await app!.browser.newContext();
    if (!context) await app!.signIn(ctx);
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    await page.goto(`${app!.base}/${hash}`);
    return { page, errors };
  }

  it('(a) shows loading, never ¥0.00 or NaN, until the rated tables have arrived', async () => {
    const ctx = await app!.browser.newContext();
    await app!.signIn(ctx);
    // Watches every change of the summary before its total exists, for a figure it could not yet know.
    await ctx.addInitScript(() => {
      const w = window as unknown as { __premature: string[] };
      w.__premature = [];
      new MutationObserver(() => {
        const summary = document.querySelector('[data-testid="revenue-summary"]');
        if (!summary || document.querySelector('[data-testid="revenue-total"][data-fen]')) return;
        const text = (document.querySelector('main') as HTMLElement | null)?.innerText ?? '';
        if (/¥0\.00|NaN/.test(text)) w.__premature.push(text.slice(0, 300));
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await ctx.route('**/data/revenue_day', async (route) => { await held; await route.continue(); });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    await page.goto(`${app!.base}/#/revenue`);
    // DuckDB is up and the page waits for the rated tables: it says so, in place of the figures.
    await page.waitForSelector('[data-testid="revenue-phase"][data-phase="tables"]', { timeout: 45_000 });
    await page.waitForSelector('[data-testid="revenue-summary"] [data-testid="state-loading"]');
    expect(await page.textContent('[data-testid="revenue-phase"]')).toContain('loading rated tables');
    expect(await page.locator('[data-testid="revenue-total"]').count()).toBe(0);
    expect(await page.locator('[data-testid="chart-revenue-over-time"]').count()).toBe(0);
    release();
    const total = await waitTotal(page);
    expect(total).toBe((await app!.trpc.revenue.total.query({})).totalFen);
    expect(await page.evaluate(() => (window as unknown as { __premature: string[] }).__premature)).toEqual([]);
    await page.waitForSelector('[data-testid="revenue-server-check"][data-state="match"]', { timeout: 45_000 });
    expect(await page.getAttribute('[data-testid="as-of"] time', 'data-ms')).toBeTruthy();
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);

  it('(b) refuses a reversed date range and keeps the last valid figures', async () => {
    const { page, errors } = await openPage();
    const all = await waitTotal(page);
    const [firstDay, lastDay] = await ratedDays(page);
    expect(lastDay).toBeGreaterThan(firstDay);
    // A valid one-day range first: the last day.
    await page.fill('[data-testid="filter-from"]', iso(lastDay));
    await page.fill('[data-testid="filter-to"]', iso(lastDay));
    const oneDay = await waitTotal(page, String(all));
    expect(oneDay).toBe((await app!.trpc.revenue.total.query({ fromMs: lastDay, toMs: lastDay + DAY_MS })).totalFen);
    const urlBefore = page.url();
    expect(urlBefore).toContain(`to=${iso(lastDay)}`);

    // Now an end before the start: refused with a message, nothing applied, the figures stay.
    await page.fill('[data-testid="filter-to"]', iso(firstDay));
    const message = await page.waitForSelector('[data-testid="date-range-error"]');
    expect(await message.textContent()).toMatch(/is after the end.*Not applied: still showing/);
    expect(await page.getAttribute('[data-testid="filter-to"]', 'aria-invalid')).toBe('true');
    expect(page.url()).toBe(urlBefore);
    expect(await page.getAttribute('[data-testid="revenue-phase"]', 'data-phase')).toBe('ready');
    expect(await totalNow(page)).toBe(String(oneDay));
    expect(await page.textContent('[data-testid="summary-period"]')).toContain('1 day');

    // Something that is not a date is refused too; a day before the lake is clamped to its first day, with a note.
    await page.fill('[data-testid="filter-to"]', '11/30/2026');
    await page.press('[data-testid="filter-to"]', 'Enter');
    expect(await page.textContent('[data-testid="date-range-error"]')).toContain('is not a date');
    await page.fill('[data-testid="filter-to"]', iso(lastDay));
    await page.fill('[data-testid="filter-from"]', '2000-01-01');
    await page.waitForSelector('[data-testid="date-range-note"]');
    expect(await page.inputValue('[data-testid="filter-from"]')).toBe(iso(firstDay));
    expect(await waitTotal(page, String(oneDay))).toBe(all);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('(c) a URL with filters opened in a new tab restores the same filters and figures; back walks them', async () => {
    const allTotal = await app!.trpc.revenue.total.query({});
    const tierId = Number(Object.entries(allTotal.byTier).sort((a, b) => b[1] - a[1])[0]![0]);

    // Filters chosen in the UI of one tab...
    const { page, errors } = await openPage();
    const all = await waitTotal(page);
    const [firstDay] = await ratedDays(page);
    // The tier's biggest province of several: tier + province is a smaller total than the tier alone.
    const [top] = await page.evaluate((id) => window.__opsdeckDataset!.query(
      `SELECT province, count(DISTINCT province) OVER () AS n FROM revenue_day WHERE tier_id = ${id} GROUP BY province ORDER BY sum(revenue_fen) DESC LIMIT 1`), tierId);
    const province = String(top!.province);
    expect(Number(top!.n)).toBeGreaterThan(1);
    await page.click('[data-testid="filter-tier"] summary');
    await page.click(`[data-testid="filter-tier-${tierId}"]`);
    const tierTotal = await waitTotal(page, String(all));
    await page.click('[data-testid="filter-tier"] summary');
    await page.click('[data-testid="filter-province"] summary');
    await page.click(`[data-testid="filter-province-${province}"]`);
    const both = await waitTotal(page, String(tierTotal));
    await page.click('[data-testid="filter-province"] summary');
    await page.selectOption('[data-testid="filter-grain"]', 'week');
    await page.click('[data-testid="model-metric-tokens"]');
    await page.fill('[data-testid="filter-from"]', iso(firstDay));
    await page.waitForFunction((d) => window.location.hash.includes(`from=${d}`), iso(firstDay));
    const url = page.url();
    for (const part of [`tiers=${tierId}`, `provinces=${encodeURIComponent(province).replace(/%20/g, '+')}`, 'grain=week', `from=${iso(firstDay)}`, 'metric=tokens']) expect(url).toContain(part);

    // ...opened in a new tab of another browser context: same filters, same figures (which the server confirms).
    const ctx2 = await app!.browser.newContext();
    await app!.signIn(ctx2);
    const { page: page2, errors: errors2 } = await openPage(url.slice(url.indexOf('#')), ctx2);
    const restored = await waitTotal(page2);
    expect(restored).toBe((await app!.trpc.revenue.total.query({ tierIds: [tierId], provinces: [province], fromMs: firstDay })).totalFen);
    // From the first rated day on is every day: the figures the first tab showed for these filters.
    expect(restored).toBe(both);
    expect(await page2.isChecked(`[data-testid="filter-tier-${tierId}"]`)).toBe(true);
    expect(await page2.isChecked(`[data-testid="filter-province-${province}"]`)).toBe(true);
    expect(await page2.inputValue('[data-testid="filter-grain"]')).toBe('week');
    expect(await page2.inputValue('[data-testid="filter-from"]')).toBe(iso(firstDay));
    expect(await page2.getAttribute('[data-testid="model-metric-tokens"]', 'aria-pressed')).toBe('true');
    await page2.waitForSelector('[data-testid="revenue-server-check"][data-state="match"]', { timeout: 45_000 });

    // Back in the first tab: each step undone in turn, down to the tier alone; forward redoes the province.
    for (let i = 0; i < 3; i++) await page.goBack(); // from, metric, grain
    await page.waitForFunction(() => !window.location.hash.includes('grain='));
    expect(await waitTotal(page, null)).toBe(both);
    await page.goBack(); // province
    expect(await waitTotal(page, String(both))).toBe(tierTotal);
    expect(await page.isChecked(`[data-testid="filter-province-${province}"]`)).toBe(false);
    await page.goForward();
    expect(await waitTotal(page, String(tierTotal))).toBe(both);
    expect([...errors, ...errors2]).toEqual([]);
    await page.context().close();
    await ctx2.close();
  }, 90_000);

  it('(d) zh-CN shows Chinese labels, province names and dates', async () => {
    const { page, errors } = await sharedPage();
    await page.selectOption('[data-testid="pref-locale"]', 'zh-CN');
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '收入分析');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const summary = await page.textContent('[data-testid="revenue-summary"]');
    expect(summary).toContain('Token 收入');
    expect(summary).toContain('平均付费账户数');
    expect(await page.textContent('[data-testid="summary-period"]')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 至 \d{4}年\d{1,2}月\d{1,2}日，共 \d+ 天/);
    expect(await page.textContent('[data-testid="as-of"]')).toMatch(/批价数据截至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(await page.textContent('[data-testid="filter-segment"] summary')).toBe('客户群：全部');
    // The top province bar is labelled with its Chinese name; the filter keeps the English value.
    const province = await page.getAttribute('[data-testid="chart-provinces"] rect[data-key]', 'data-key');
    const zh = provinceNameZh(province!);
    expect(zh).toBeTruthy();
    expect(await page.textContent('[data-testid="chart-provinces"]')).toContain(zh);
    expect(await page.textContent(`label:has([data-testid="filter-province-${province}"])`)).toBe(zh);
    expect(await page.textContent('[data-testid="revenue-table"] thead')).toContain('套餐');
    expect(errors).toEqual([]);
  }, 90_000);

  it('(e) has no serious accessibility violations in dark and light (and zh-CN)', async () => {
    const { page, errors } = await sharedPage();
    for (const [theme, locale] of [['dark', 'en'], ['light', 'en'], ['light', 'zh-CN']] as const) {
      await page.selectOption('[data-testid="pref-theme"]', theme);
      await page.selectOption('[data-testid="pref-locale"]', locale);
      await page.waitForFunction(([th, lo]) => document.documentElement.dataset.theme === th && document.documentElement.lang === lo, [theme, locale]);
      await page.waitForSelector('[data-testid="revenue-total"][data-fen]');
      expect(await seriousA11yViolations(page), `${theme} ${locale}`).toEqual([]);
    }
    expect(errors).toEqual([]);
  }, 90_000);

  it('(f) exports CSV with tier names and RMB that add up to the page total', async () => {
    const { page, errors, total } = await sharedPage();
    const [firstDay, lastDay] = await ratedDays(page);
    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="csv-${name}"]`)]);
      expect(file.suggestedFilename()).toBe(`${name}_${iso(firstDay)}_${iso(lastDay)}.csv`);
      const text = await readFile((await file.path())!, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true); // Excel reads it as UTF-8
      return parseCsv(text.slice(1));
    };
    const rows = await download('revenue-breakdown');
    expect(rows.length).toBeGreaterThan(0);
    const tierNames = new Set((await page.evaluate(() => window.__opsdeckDataset!.query('SELECT name FROM tier'))).map((r) => String(r.name)));
    let fen = 0;
    for (const r of rows) {
      expect(tierNames.has(r.tier!), r.tier).toBe(true);
      expect(r.tier_id).toMatch(/^\d+$/);
      expect(r.revenue_rmb).toMatch(/^\d+\.\d{2}$/);
      expect(r.arpu_rmb).toMatch(/^(\d+\.\d{2})?$/);
      expect([r.from_date, r.to_date]).toEqual([iso(firstDay), iso(lastDay)]);
      fen += Number(r.revenue_rmb!.replace('.', ''));
    }
    expect(fen).toBe(total);
    const [summary] = await download('revenue-summary');
    expect(summary!.revenue_rmb).toBe(`${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`);
    expect(errors).toEqual([]);
    await page.context().close();
    shared = null;
  }, 90_000);
});
