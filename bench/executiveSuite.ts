// Executive report suite: time from opening `#/executive` to the report's KPI cards on screen (fresh signed-in context),
// the server's report computation alone (tRPC executive.report), and PDF rendering through /reports/render.pdf
// (the first one includes launching the server's Chromium).
import { lastCompletePeriod } from '../domain/period/reportPeriod.js';
import { timingRecords, type BenchRecord } from './benchRecord.js';
import type { BenchBrowser } from './browserSuite.js';
import type { BenchServer } from './serverProcess.js';

export interface ExecutiveSuiteOptions {
  bb: BenchBrowser;
  server: BenchServer;
  reps: number;
  /** Context printed with every record (lake size). */
  extra: Record<string, string | number>;
  definitionId?: string;
  nowMs?: number;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

export async function runExecutiveSuite(o: ExecutiveSuiteOptions): Promise<BenchRecord[]> {
  const def = o.definitionId ?? 'weekly-exec';
  const period = lastCompletePeriod('week', o.nowMs ?? Date.now());
  const session = await o.server.session();
  const headers = { cookie: session.cookieHeader };
  const extra = { ...o.extra, definition: def, period: period.label };
  const out: BenchRecord[] = [];

  // Page: navigation -> the report's first KPI value on screen (performance.now() counts from the navigation start).
  const pageMs: number[] = [];
  for (let r = 0; r < o.reps; r++) {
    const ctx = await o.bb.browser.newContext({ storageState: session.storageState });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${o.server.base}/#/executive`);
    const handle = await page.waitForFunction(
      () => (document.querySelector('[data-testid="exec-report"] [data-testid="kpi-value"]') ? performance.now() : false),
      undefined, { polling: 'raf', timeout: 180_000 });
    pageMs.push(await handle.jsonValue() as number);
    await ctx.close();
    if (errors.length) throw new Error(`executive page errors: ${errors.join('; ')}`);
  }
  out.push(...timingRecords('executive.page_ready', pageMs, { ...extra, note: 'open #/executive (fresh context, signed in) -> KPI cards on screen; default definition and period' }));

  // The computation alone, as the page asks for it.
  const input = encodeURIComponent(JSON.stringify({ definitionId: def, period: period.label }));
  const computeMs: number[] = [];
  for (let r = 0; r < o.reps; r++) {
    const { ms, value: res } = await timed(() => fetch(`${o.server.base}/trpc/executive.report?input=${input}`, { headers }));
    if (!res.ok) throw new Error(`executive.report: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
    computeMs.push(ms);
  }
  out.push(...timingRecords('executive.report_compute', computeMs, { ...extra, note: 'tRPC executive.report (repeat requests hit the completed-period cache)' }));

  // PDF: the first rendering launches Chromium; the rest reuse it.
  const url = `${o.server.base}/reports/render.pdf?def=${encodeURIComponent(def)}&period=${encodeURIComponent(period.label)}`;
  const pdfMs: number[] = [];
  const parts = new Map<string, number[]>();
  let pages = 0;
  let bytes = 0;
  for (let r = 0; r < o.reps + 1; r++) {
    const { ms, value: res } = await timed(async () => {
      const x = await fetch(url, { headers });
      return { x, body: await x.arrayBuffer() };
    });
    if (!res.x.ok) throw new Error(`render.pdf: HTTP ${res.x.status} ${Buffer.from(res.body).toString().slice(0, 300)}`);
    pages = Number(res.x.headers.get('x-report-pages'));
    bytes = res.body.byteLength;
    if (r === 0) { out.push({ name: 'executive.pdf_render_cold', value: Math.round(ms), unit: 'ms', pages, bytes, ...extra, note: 'first PDF: launches Chromium' }); continue; }
    pdfMs.push(ms);
    // The server's own breakdown: 'compute;dur=12.3, queue;dur=0.0, load;dur=900.1, pdf;dur=400.2'.
    for (const m of (res.x.headers.get('server-timing') ?? '').matchAll(/(\w+);dur=([\d.]+)/g)) {
      parts.set(m[1]!, [...(parts.get(m[1]!) ?? []), Number(m[2])]);
    }
  }
  const partNotes: Record<string, string> = { compute: 'report figures (cached for a completed period)', queue: 'waiting for the renderer', load: 'print route loaded and ready', pdf: 'page.pdf' };
  for (const [part, samples] of parts) out.push(...timingRecords(`executive.pdf_render.${part}`, samples, { ...extra, note: partNotes[part] ?? part }));
  out.push(...timingRecords('executive.pdf_render', pdfMs, { ...extra, pages, bytes, note: 'GET /reports/render.pdf end to end: compute + print route + page.pdf' }));
  return out;
}
