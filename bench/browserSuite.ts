// In headless Chromium against the real server: time to first chart, transfer+ingest and dashboard queries
// in DuckDB-WASM vs the JSON + plain-JS baseline on the same rows, and browser memory.
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import type { LakeManifest } from '../pipelines/lake/lakeLayout.js';
import { STRICTEST_LATENCY_SLA_MS } from '../schema/tierCatalog.js';
import type { BenchSession } from './benchAuth.js';
import { round3, summarize, timingRecords, type BenchRecord } from './benchRecord.js';
import { BENCH_PAGE_PREFIX } from './benchRoutes.js';
import type { LoadResult, QueryRun, StreamResult } from './browser/benchPageApi.js';
import { RssSampler } from './processMemory.js';
import { compareResults } from './queries/compareResults.js';
import { QUERY_NAMES, type QueryName, type QueryParams } from './queries/dashboardQueries.js';

const TIMER_RESOLUTION_MS = 0.1;

export interface BenchBrowser { browser: Browser; rss: RssSampler; close(): Promise<void> }

export async function launchBenchBrowser(): Promise<BenchBrowser> {
  // launchServer exposes the browser process, whose process tree we sample for peak RSS.
  const server: BrowserServer = await chromium.launchServer({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--enable-precise-memory-info'],
  });
  const browser = await chromium.connect(server.wsEndpoint());
  const rss = new RssSampler(server.process().pid!);
  return { browser, rss, async close() { rss.stop(); await browser.close(); await server.close(); } };
}

const mib = (b: number) => round3(b / 2 ** 20);

async function mainThreadHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return h.usedSize;
}

/**
 * Opens the app's spine page in a fresh context (cold HTTP cache, signed in: it carries `session`'s cookie) and times
 * navigation -> first bar of the Plot chart.
 */
export async function runFirstChart(bb: BenchBrowser, base: string, session: BenchSession, reps: number, extra: Record<string, string | number>): Promise<BenchRecord[]> {
  const samples: number[] = [];
  const ready: number[] = [];
  let heap = 0;
  bb.rss.take();
  for (let r = 0; r < reps; r++) {
    const ctx = await bb.browser.newContext({ storageState: session.storageState });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/#/spine`);
    // performance.now() is measured from the navigation's time origin, so this is open -> chart on screen.
    const handle = await page.waitForFunction(
      () => (document.querySelector('[data-testid="usage-chart"] svg rect') ? performance.now() : false),
      undefined, { polling: 'raf', timeout: 120_000 });
    samples.push(await handle.jsonValue() as number);
    const inApp = await page.textContent('[data-testid="time-to-ready"]');
    const m = /([\d,]+) ms/.exec(inApp ?? '');
    if (m) ready.push(Number(m[1]!.replace(/,/g, '')));
    heap = await mainThreadHeap(page);
    if (errors.length) throw new Error(`spine page errors: ${errors.join('; ')}`);
    await ctx.close();
  }
  const out = timingRecords('e2e.first_chart', samples, extra);
  if (ready.length) out.push(...timingRecords('e2e.dataset_ready', ready, { ...extra, note: 'app start -> DuckDB loaded and at one seq' }));
  out.push({ name: 'memory.browser.first_chart.js_heap', value: mib(heap), unit: 'MiB', ...extra });
  out.push({ name: 'memory.browser.first_chart.peak_rss', value: mib(bb.rss.take()), unit: 'MiB', note: 'all Chromium processes', ...extra });
  return out;
}

async function openBenchPage(bb: BenchBrowser, base: string, session: BenchSession): Promise<Page> {
  const ctx = await bb.browser.newContext({ storageState: session.storageState });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => process.stderr.write(`bench page error: ${e.message}\n`));
  await page.goto(`${base}${BENCH_PAGE_PREFIX}`);
  await page.waitForFunction(() => window.opsdeckBench !== undefined, undefined, { timeout: 60_000 });
  return page;
}

const loadArrow = (page: Page, fromMs: number) => page.evaluate((f) => window.opsdeckBench!.loadArrow(f), fromMs);
const loadJson = (page: Page, fromMs: number, toMs: number) => page.evaluate(([f, t]) => window.opsdeckBench!.loadJson(f!, t!), [fromMs, toMs]);

async function timeQueries(page: Page, kind: 'sql' | 'js', p: QueryParams, reps: number): Promise<Map<QueryName, { ms: number[]; first: QueryRun }>> {
  const out = new Map<QueryName, { ms: number[]; first: QueryRun }>();
  for (const q of QUERY_NAMES) {
    // The first run (warm-up: JIT, DuckDB caches) returns the result for the cross-check and is not timed.
    const first = await page.evaluate(([k, n, params]) => (k === 'sql' ? window.opsdeckBench!.runSql : window.opsdeckBench!.runJs)(n as QueryName, params as QueryParams, true), [kind, q, p] as const);
    const ms: number[] = [];
    for (let r = 0; r < reps; r++) {
      ms.push((await page.evaluate(([k, n, params]) => (k === 'sql' ? window.opsdeckBench!.runSql : window.opsdeckBench!.runJs)(n as QueryName, params as QueryParams, false), [kind, q, p] as const)).ms);
    }
    out.set(q, { ms, first });
  }
  return out;
}

/** One data size: Arrow+DuckDB and JSON+JS, each in fresh pages, same server, same rows. */
export async function runSizeInBrowser(bb: BenchBrowser, base: string, session: BenchSession, manifest: LakeManifest, size: number, reps: number,
  log: (m: string) => void): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  const factRows = (manifest.rows.kpi ?? 0) + (manifest.rows.usage ?? 0);
  const ctx = { size, kpiRows: manifest.rows.kpi ?? 0, usageRows: manifest.rows.usage ?? 0, sites: manifest.sites, accounts: manifest.accounts, days: manifest.days };
  const loadReps = size >= 5e6 ? Math.min(reps, 3) : reps;

  // --- OpsDeck: history plan -> the lake's Parquet files (large groups) + the hot part (Arrow IPC) -> DuckDB-WASM ---
  const arrowLoads: LoadResult[] = [];
  let params: QueryParams | null = null;
  let sqlTimes = new Map<QueryName, { ms: number[]; first: QueryRun }>();
  bb.rss.take();
  for (let r = 0; r < loadReps; r++) {
    const page = await openBenchPage(bb, base, session);
    await page.evaluate(() => window.opsdeckBench!.openDb());
    arrowLoads.push(await loadArrow(page, manifest.startMs));
    log(`  opsdeck load (files + hot part) ${r + 1}/${loadReps}: ${Math.round(arrowLoads.at(-1)!.ms)} ms`);
    if (r === loadReps - 1) {
      const province = await page.evaluate(() => window.opsdeckBench!.busiestProvince());
      params = { sinceMs: manifest.startMs, sliceFromMs: manifest.endMs - 6 * 3_600_000, province, slaMs: STRICTEST_LATENCY_SLA_MS, sliceLimit: 100 };
      sqlTimes = await timeQueries(page, 'sql', params, reps);
      const mem = await page.evaluate(() => window.opsdeckBench!.memory());
      out.push({ name: 'memory.browser.opsdeck.duckdb', value: mib(mem.duckdbBytes ?? 0), unit: 'MiB', rows: factRows, ...ctx });
      out.push({ name: 'memory.browser.opsdeck.js_heap', value: mib(await mainThreadHeap(page)), unit: 'MiB', rows: factRows, note: 'main thread after GC', ...ctx });
    }
    await page.context().close();
  }
  out.push({ name: 'memory.browser.opsdeck.peak_rss', value: mib(bb.rss.take()), unit: 'MiB', rows: factRows, note: 'all Chromium processes', ...ctx });

  // --- Baseline: JSON pages -> typed arrays -> plain JS ---
  const jsonLoads: LoadResult[] = [];
  let jsTimes = new Map<QueryName, { ms: number[]; first: QueryRun }>();
  for (let r = 0; r < loadReps; r++) {
    const page = await openBenchPage(bb, base, session);
    jsonLoads.push(await loadJson(page, manifest.startMs, manifest.endMs));
    log(`  json load ${r + 1}/${loadReps}: ${Math.round(jsonLoads.at(-1)!.ms)} ms`);
    if (r === loadReps - 1) {
      jsTimes = await timeQueries(page, 'js', params!, reps);
      out.push({ name: 'memory.browser.baseline.js_heap', value: mib(await mainThreadHeap(page)), unit: 'MiB', rows: factRows, note: 'main thread after GC', ...ctx });
    }
    await page.context().close();
  }
  out.push({ name: 'memory.browser.baseline.peak_rss', value: mib(bb.rss.take()), unit: 'MiB', rows: factRows, note: 'all Chromium processes', ...ctx });

  // --- Records and ratios ---
  const a = summarize(arrowLoads.map((l) => l.ms)), j = summarize(jsonLoads.map((l) => l.ms));
  const loadedRows = arrowLoads[0]!.rows;
  if (jsonLoads[0]!.rows !== loadedRows) throw new Error(`baseline loaded ${jsonLoads[0]!.rows} rows, OpsDeck ${loadedRows}`);
  out.push(...timingRecords('e2e.opsdeck.transfer_ingest', arrowLoads.map((l) => l.ms), {
    rows: loadedRows, bytes: arrowLoads[0]!.bytes, rowsPerSec: round3(loadedRows / (a.p50 / 1000)),
    path: 'lake Parquet files + hot part (Arrow IPC)', hotRows: arrowLoads[0]!.hotRows ?? null, ...ctx,
  }));
  out.push(...timingRecords('e2e.baseline.transfer_ingest', jsonLoads.map((l) => l.ms), { rows: loadedRows, bytes: jsonLoads[0]!.bytes, rowsPerSec: round3(loadedRows / (j.p50 / 1000)), ...ctx }));
  out.push({ name: 'ratio.transfer_ingest', value: round3(a.p50 / j.p50), unit: 'x (OpsDeck/baseline time, p50)', rows: loadedRows,
    bytesRatio: round3(arrowLoads[0]!.bytes / jsonLoads[0]!.bytes), ...ctx });
  for (const q of QUERY_NAMES) {
    const s = sqlTimes.get(q)!, b = jsTimes.get(q)!;
    const diff = compareResults(s.first.result ?? [], b.first.result ?? []);
    if (diff) log(`  WARNING ${q}: DuckDB and baseline differ: ${diff}`);
    const qctx = { ...ctx, rows: loadedRows, resultRows: s.first.rows, sameResult: diff === null };
    out.push(...timingRecords(`query.opsdeck.${q}`, s.ms, qctx));
    out.push(...timingRecords(`query.baseline.${q}`, b.ms, qctx));
    // Chromium coarsens performance.now() to 0.1 ms: a faster run reads 0, so clamp rather than divide by zero.
    const sp50 = summarize(s.ms).p50, bp50 = summarize(b.ms).p50;
    out.push({ name: `ratio.query.${q}`, value: round3(Math.max(sp50, TIMER_RESOLUTION_MS) / Math.max(bp50, TIMER_RESOLUTION_MS)), unit: 'x (OpsDeck/baseline time, p50)',
      ...qctx, ...(Math.min(sp50, bp50) < TIMER_RESOLUTION_MS ? { belowTimerResolution: true } : {}) });
  }
  return out;
}

/** The app's LiveDataset in the page: snapshot, then the live stream decoded and inserted into DuckDB-WASM. */
export async function runBrowserStream(bb: BenchBrowser, base: string, session: BenchSession, seconds: number, reps: number): Promise<StreamResult[]> {
  const results: StreamResult[] = [];
  for (let r = 0; r < reps; r++) {
    const page = await openBenchPage(bb, base, session);
    results.push(await page.evaluate((s) => window.opsdeckBench!.stream(s), seconds));
    await page.context().close();
  }
  return results;
}
