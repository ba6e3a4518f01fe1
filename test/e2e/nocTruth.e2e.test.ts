// End to end in real Chromium (WebGL via SwiftShader): the NOC page never states a conclusion before its data, never shows
// one window's series under another's title, counts exactly the filtered sites (as the server does), restores a view
// from its URL in a new tab, speaks Chinese in zh-CN, and has no serious accessibility violation in either theme.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { countStatuses, siteStatusOf } from '../../domain/assurance/siteStatus.js';
import { proRatedSiteCreditsFen } from '../../domain/assurance/creditProration.js';
import { provinceNameZh, regionNameZh } from '../../schema/placeNamesZh.js';
import { seriousA11yViolations } from './axeCheck.js';
import { pageErrors, startE2eApp, type E2eApp } from './e2eHarness.js';

const VIEWPORT = { viewport: { width: 1400, height: 1000 } };
type Site = { site_id: number; region: string; province: string };

describe('NOC page tells the truth (real server, real Chromium, WebGL)', () => {
  let app: E2eApp | null = null;
  let sites: Site[] = [];
  /** A region holding several sites but not all, and a site in it with KPI data. */
  let region = '';
  let regionSiteIds = new Set<number>();
  let siteId = -1;

  beforeAll(async () => {
    app = await startE2eApp('opsdeck-noc-truth-', {
      OPSDECK_SIM_SPEED: '10', OPSDECK_SEED: '7', OPSDECK_SITES: '20', OPSDECK_ACCOUNTS: '500', OPSDECK_DAYS: '1',
    }, { webgl: true });
    sites = await app.trpc.noc.sites.query();
    const byRegion = new Map<string, number[]>();
    for (const s of sites) byRegion.set(s.region, [...(byRegion.get(s.region) ?? []), s.site_id]);
    const [r, ids] = [...byRegion].filter(([, v]) => v.length >= 2 && v.length < sites.length).sort((a, b) => b[1].length - a[1].length)[0]!;
    region = r; regionSiteIds = new Set(ids);
    const day = await app.trpc.noc.assurance.query({ windowMs: 86_400_000 });
    siteId = day.sites.find((s) => regionSiteIds.has(s.siteId) && s.assurancePct !== null)!.siteId;
  }, 180_000);

  afterAll(async () => { await app?.close(); });

  async function open(hash: string, o: { locale?: 'en' | 'zh-CN'; theme?: 'dark' | 'light'; context?: BrowserContext } = {}): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
    const context = o.context ?? await app!.browser.newContext(VIEWPORT);
    await context.addInitScript(([l, t]) => {
      localStorage.setItem('opsdeck.locale', l!); localStorage.setItem('opsdeck.theme', t!); localStorage.setItem('opsdeck.timeZone', 'Asia/Shanghai');
    }, [o.locale ?? 'en', o.theme ?? 'dark']);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await app!.signIn(page);
    await page.goto(`${app!.base}/${hash}`);
    return { page, errors, context };
  }
  const fleetReady = (page: Page) => page.waitForSelector('[data-testid="noc-fleet"][data-state="ready"]', { timeout: 60_000 });
  const seriesOf = (key: string) => `[data-testid="drill-series"][data-request="${key}"] [data-testid="drill-chart-latencyMs"] svg`;

  it('(a, c) loading, never a conclusion, until the data arrives; then a region filter sets the cards to that region\'s sites, as the server counts them', async () => {
    const context = await app!.browser.newContext(VIEWPORT);
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    // Hold the dataset's snapshots: nothing the NOC computes can arrive until we let them through.
    await context.route(/\/data\//, async (route) => { await held; await route.continue(); });
    // From the first paint on, record any conclusion drawn while the data is held.
    await context.addInitScript(() => {
      const w = window as unknown as { __nocEarly: string[]; __nocReleased: boolean };
      w.__nocEarly = []; w.__nocReleased = false;
      const check = () => {
        if (w.__nocReleased) return;
        const conclusions = [
          ...[...document.querySelectorAll('[data-testid^="fleet-count-"]')].map((e) => `card ${e.getAttribute('data-testid')}=${e.getAttribute('data-count')}`),
          ...(document.querySelector('[data-testid="fix-none"]') ? ['list: none to fix'] : []),
          ...[...document.querySelectorAll('[data-testid^="legend-"][data-count]')].filter((e) => e.getAttribute('data-count') !== '').map((e) => `legend ${e.getAttribute('data-testid')}`),
          ...(/meets its objective|every site/i.test(document.querySelector('main')?.textContent ?? '') ? ['text: all clear'] : []),
          ...(document.querySelector('[data-testid="noc-map"][data-state="empty"]') ? ['map: empty'] : []),
        ];
        if (conclusions.length) w.__nocEarly.push(...conclusions);
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const { page, errors } = await open('#/noc', { context });
    await page.waitForSelector('[data-testid="noc-fleet"][data-state="loading"] [data-testid="state-loading"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="sites-to-fix"][data-state="loading"] [data-testid="state-loading"]');
    await page.waitForSelector('[data-testid="noc-map"][data-state="loading"] [data-testid="state-loading"]');
    // Give the page a moment to misbehave while the data is held (the observer above records any conclusion).
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { __nocEarly: string[] }).__nocEarly)).toEqual([]);
    await page.evaluate(() => { (window as unknown as { __nocReleased: boolean }).__nocReleased = true; });
    release();
    await fleetReady(page);
    await page.waitForSelector('[data-testid="sites-to-fix"][data-state="ready"]');
    const total = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="fleet-count-"]')].reduce((n, e) => n + Number(e.getAttribute('data-count')), 0));
    expect(total).toBe(sites.length);

    // (c) The region filter: cards (and the legend: the dots of each colour) count that region's sites only.
    await page.selectOption('[data-testid="filter-region"]', region);
    await page.waitForSelector(`[data-testid="noc-fleet"][data-state="ready"][data-sites="${regionSiteIds.size}"]`);
    expect(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('region'))).toBe(region);
    // Read cards, legend and window in one go, then ask the server for that exact window; a minute still arriving
    // in the browser can differ for a moment, so read again (for up to ~15 s on a loaded machine) until both have it.
    let last: unknown = null;
    for (let attempt = 0; attempt < 30; attempt++) {
      const r = await page.evaluate(() => {
        const h = document.querySelector('[data-testid="noc-window"]')!;
        const byStatus = (prefix: string) => Object.fromEntries([...document.querySelectorAll(`[data-testid^="${prefix}"]`)]
          .filter((e) => e.getAttribute('data-count') !== null)
          .map((e) => [e.getAttribute('data-testid')!.slice(prefix.length), Number(e.getAttribute('data-count'))]));
        return {
          fromMs: Number(h.getAttribute('data-from')), toMs: Number(h.getAttribute('data-to')),
          cards: byStatus('fleet-count-'), legend: byStatus('legend-'),
          credits: Number(document.querySelector('[data-testid="fleet-credits"]')!.getAttribute('data-window-fen')),
        };
      });
      const server = await app!.trpc.noc.assurance.query({ windowMs: r.toMs - r.fromMs, toMs: r.toMs });
      const mine = server.sites.filter((s) => regionSiteIds.has(s.siteId));
      const expected = {
        cards: countStatuses(mine.map((s) => siteStatusOf(s).status)),
        credits: mine.reduce((n, s) => n + proRatedSiteCreditsFen(s, server.window), 0),
      };
      const got = { cards: r.cards, credits: r.credits };
      expect(r.legend).toEqual(r.cards);
      last = { got, expected };
      if (isDeepStrictEqual(got, expected)) { last = null; break; }
      await page.waitForTimeout(500);
    }
    expect(last).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('(b) switching window or replay never shows the previous window\'s series under the new title; the pill says what it is', async () => {
    const { page, errors, context } = await open(`#/noc?site=${siteId}`);
    await page.waitForSelector(seriesOf('24h|live'), { timeout: 60_000 });
    // Record every DOM state in which the drill-down's series, the header or the pill disagree with the page's request.
    await page.evaluate(() => {
      const w = window as unknown as { __nocMismatch: string[] };
      w.__nocMismatch = [];
      const check = () => {
        const want = document.querySelector('main')?.getAttribute('data-request') ?? '';
        const [win, at] = want.split('|');
        const s = document.querySelector('[data-testid="drill-series"]');
        if (s?.querySelector('svg') && s.getAttribute('data-request') !== want) w.__nocMismatch.push(`series ${s.getAttribute('data-request')} under ${want}`);
        const h = document.querySelector('[data-testid="noc-window"]');
        if (h && h.getAttribute('data-window-key') !== win) w.__nocMismatch.push(`header ${h.getAttribute('data-window-key')} under ${want}`);
        const mode = document.querySelector('[data-testid="noc-mode"]')?.getAttribute('data-mode');
        // A live 7 d is the browser's once it holds the rollups: the pill says 'server7d' only when the header says the
        // server computed it (before the first answer, either).
        const source = h && h.getAttribute('data-window-key') === win ? h.getAttribute('data-source') : null;
        const wantModes = at !== 'live' ? ['replay'] : win !== '7d' ? ['live'] : source === null ? ['live', 'server7d'] : [source === 'server' ? 'server7d' : 'live'];
        if (!wantModes.includes(mode ?? '')) w.__nocMismatch.push(`pill ${mode} under ${want}`);
        const pressed = document.querySelector('[data-window][aria-pressed="true"]')?.getAttribute('data-window');
        if (pressed !== win) w.__nocMismatch.push(`button ${pressed} under ${want}`);
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    expect(await page.textContent('[data-testid="noc-mode"]')).toContain('live');
    await page.click('[data-window="1h"]');
    await page.waitForSelector(seriesOf('1h|live'), { timeout: 30_000 });
    await page.click('[data-window="7d"]');
    await page.waitForSelector(seriesOf('7d|live'), { timeout: 60_000 });
    // 7 d is computed in the browser from its rollups, and the header says so.
    await page.waitForSelector('[data-testid="noc-window"][data-window-key="7d"][data-source="browser"][data-via="rollup"]', { timeout: 60_000 });
    expect(await page.getAttribute('[data-testid="noc-mode"]', 'data-mode')).toBe('live');
    // A replay 3 h back (slider steps are 10 min): the pill says replay, the series answers that moment.
    const to = Number(await page.getAttribute('[data-testid="noc-window"]', 'data-to'));
    const at = Math.floor((to - 3 * 3_600_000) / 600_000) * 600_000;
    await page.evaluate(([t, s]) => { location.hash = `#/noc?window=1h&at=${t}&site=${s}`; }, [at, siteId]);
    // (Back and forward are walked in the URL test below.)
    await page.waitForSelector(seriesOf(`1h|${at}`), { timeout: 60_000 });
    expect(await page.getAttribute('[data-testid="noc-mode"]', 'data-mode')).toBe('replay');
    expect(await page.getAttribute('[data-testid="noc-window"]', 'data-to')).toBe(String(at));
    // Another window at the same replay moment.
    await page.click('[data-window="24h"]');
    await page.waitForSelector(seriesOf(`24h|${at}`), { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { __nocMismatch: string[] }).__nocMismatch)).toEqual([]);

    // (f) dark theme, English, drill-down open: no serious accessibility violation (axe does not look into the canvas).
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('(d, e, f) a URL opened in a new tab restores the view (zh-CN, light): Chinese labels, places and dates; back/forward; no serious a11y violation', async () => {
    const site = sites.find((s) => s.site_id === siteId)!;
    const hash = `#/noc?window=1h&region=${encodeURIComponent(region)}&size=revenue&site=${siteId}`;
    const { page, errors, context } = await open(hash, { locale: 'zh-CN', theme: 'light' });
    await page.waitForSelector(`[data-testid="site-drilldown"][data-site-id="${siteId}"]`, { timeout: 60_000 });
    await page.waitForSelector(seriesOf('1h|live'), { timeout: 60_000 });
    expect(await page.getAttribute('[data-window="1h"]', 'aria-pressed')).toBe('true');
    expect(await page.inputValue('[data-testid="filter-region"]')).toBe(region);
    await page.waitForSelector(`[data-testid="noc-fleet"][data-state="ready"][data-sites="${regionSiteIds.size}"]`);

    // (e) Chinese: labels, province and region names, dates (filter values stay English).
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('main h1')).toBe('NOC 实时地图');
    expect(await page.textContent('[data-testid="as-of"]')).toMatch(/^数据截至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(await page.textContent('[data-testid="fleet-count-breaching"] .label')).toBe('正在违约');
    expect(await page.textContent('[data-window="1h"]')).toBe('1 小时');
    expect(await page.$eval('[data-testid="filter-region"]', (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe(regionNameZh(region));
    expect(await page.textContent('[data-testid="site-drilldown"] .noc-drill-head')).toContain(provinceNameZh(site.province)!);
    expect(await page.textContent('[data-testid="drill-series"] h3')).toMatch(/^KPI \d{4}年/);
    // (f) light theme, Chinese, drill-down open.
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Back and forward walk the window choices.
    await page.click('[data-window="24h"]');
    await page.waitForSelector(seriesOf('24h|live'), { timeout: 30_000 });
    await page.goBack();
    await page.waitForSelector(seriesOf('1h|live'), { timeout: 30_000 });
    expect(await page.getAttribute('[data-window="1h"]', 'aria-pressed')).toBe('true');
    await page.goForward();
    await page.waitForSelector(seriesOf('24h|live'), { timeout: 30_000 });
    // Escape closes the drill-down (and takes the site out of the URL).
    await page.focus('#noc-drill-title');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="site-drilldown"]', { state: 'detached' });
    expect(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('site'))).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
