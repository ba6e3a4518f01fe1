// Page open -> first chart on the diagnostics (spine) page in a cold, signed-in Chromium context: the first bars on screen
// (the server's precomputed first-paint series, or the browser's own if that came first), then the bars of the browser's
// DuckDB-WASM series replacing them, and the app's own dataset-ready time.
import type { Page } from 'playwright-core';
import type { BenchSession } from './benchAuth.js';
import { round3, timingRecords, type BenchRecord } from './benchRecord.js';
import type { BenchBrowser } from './browserSuite.js';

const mib = (b: number) => round3(b / 2 ** 20);

/** Milliseconds from the navigation's time origin until `selector` matches (polled every frame). */
async function whenShown(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction((s) => (document.querySelector(s) ? performance.now() : false), selector, { polling: 'raf', timeout: 120_000 });
  return await handle.jsonValue() as number;
}

async function mainThreadHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return h.usedSize;
}

export async function runFirstChart(bb: BenchBrowser, base: string, session: BenchSession, reps: number, extra: Record<string, string | number>): Promise<BenchRecord[]> {
  const first: number[] = [];
  const live: number[] = [];
  const ready: number[] = [];
  let fromServer = 0;
  let heap = 0;
  bb.rss.take();
  for (let r = 0; r < reps; r++) {
    const ctx = await bb.browser.newContext({ storageState: session.storageState });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/#/spine`);
    first.push(await whenShown(page, '[data-testid="usage-chart"] svg rect'));
    if (await page.getAttribute('[data-testid="usage-panel"]', 'data-source') === 'server') fromServer++;
    live.push(await whenShown(page, '[data-testid="usage-panel"][data-source="browser"] [data-testid="usage-chart"] svg rect'));
    const inApp = await page.textContent('[data-testid="time-to-ready"]');
    const m = /([\d,]+) ms/.exec(inApp ?? '');
    if (m) ready.push(Number(m[1]!.replace(/,/g, '')));
    heap = await mainThreadHeapBytes(page);
    if (errors.length) throw new Error(`spine page errors: ${errors.join('; ')}`);
    await ctx.close();
  }
  // Each run's time too: with 5 runs p95 is the slowest, often the first one (cold server caches, background start-up work).
  const ms = (a: number[]) => a.map(Math.round);
  const out = timingRecords('e2e.first_chart', first, { ...extra, samplesMs: ms(first), fromServer, note: `first bars on screen; ${fromServer} of ${reps} drawn from the server's first-paint series` });
  out.push(...timingRecords('e2e.first_chart_live', live, { ...extra, samplesMs: ms(live), note: 'the browser DuckDB-WASM series on screen' }));
  if (ready.length) out.push(...timingRecords('e2e.dataset_ready', ready, { ...extra, note: 'app start -> DuckDB loaded and at one seq' }));
  out.push({ name: 'memory.browser.first_chart.js_heap', value: mib(heap), unit: 'MiB', ...extra });
  out.push({ name: 'memory.browser.first_chart.peak_rss', value: mib(bb.rss.take()), unit: 'MiB', note: 'all Chromium processes', ...extra });
  return out;
}
