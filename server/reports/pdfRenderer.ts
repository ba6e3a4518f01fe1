// Renders a computed ExecReport to PDF and to self-contained HTML through the client's print route in one
// long-lived headless Chromium: the page, the print route and the PDF share one set of React components.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { UnavailableError } from '../../schema/domainErrors.js';
import type { ExecReport } from '../../schema/executive.js';
import { countPdfPages, footerTemplate, headerTemplate } from './printTemplates.js';
import { startPrintSite, type PrintSite } from './printSite.js';

/** What the scheduler and the routes need of a renderer. */
export interface ReportRenderer {
  renderPdf(report: ExecReport): Promise<Uint8Array>;
}

export interface PdfRendererOptions {
  /** The built client (dist/client): the print route is served from these files, never from the network. */
  clientDir: string;
  /** Chromium binary; default: OPSDECK_CHROMIUM, /usr/bin/chromium, or `chromium` on PATH. */
  executablePath?: string;
  /** One rendering (queue wait excluded) fails after this long. */
  timeoutMs?: number;
  /** Renderings allowed to wait or run at once; more are refused as busy. */
  maxQueue?: number;
  log?: { warn(obj: object, msg: string): void };
}

/** A rendered PDF and where its time went: waiting for the renderer, loading the print route, printing. */
export interface RenderedPdf { bytes: Uint8Array; pages: number; ms: number; queuedMs: number; loadMs: number; pdfMs: number }

interface PageTiming { queuedMs: number; loadMs: number }

export const CHROMIUM_MISSING = 'PDF rendering needs Chromium: apt-get install chromium (or set OPSDECK_CHROMIUM to its path)';

export const PRINT_ROUTE = '#/print/report';
/** A4 minus the PDF margins at 96 dpi, so charts measured by the page lay out at the printed width. */
const PRINT_VIEWPORT = { width: 703, height: 1000 };
// The print route's own @page margins win when it declares them; these apply when it does not.
const PDF_MARGIN = { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' };


/** Chromium to launch: OPSDECK_CHROMIUM, Debian's /usr/bin/chromium, or `chromium` on PATH; null when none exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.OPSDECK_CHROMIUM) return existsSync(env.OPSDECK_CHROMIUM) ? env.OPSDECK_CHROMIUM : null;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = path.join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

export class PdfRenderer implements ReportRenderer {
  private browser: Promise<Browser> | null = null;
  private context: Promise<BrowserContext> | null = null;
  /** The client's files on a loopback port, started with the first rendering. */
  private site: Promise<PrintSite> | null = null;
  /** One rendering at a time: each job waits for the previous one (pages are heavy; Chromium is shared). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private waiting = 0;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private readonly clientDir: string;

  constructor(private readonly o: PdfRendererOptions) {
    this.timeoutMs = o.timeoutMs ?? 60_000;
    this.maxQueue = o.maxQueue ?? 16;
    this.clientDir = path.resolve(o.clientDir);
  }

  async renderPdf(report: ExecReport): Promise<Uint8Array> {
    return (await this.renderPdfWithInfo(report)).bytes;
  }

  renderPdfWithInfo(report: ExecReport): Promise<RenderedPdf> {
    return this.enqueue(report, async (page, timing) => {
      const t0 = performance.now();
      // The PDF's Title metadata (what viewers show in the tab) is the document title.
      await page.evaluate((title) => { document.title = title; }, `${report.definition.title} · ${report.period.label}`);
      const pdf = await page.pdf({
        format: 'A4', printBackground: true, displayHeaderFooter: true,
        headerTemplate: headerTemplate(report), footerTemplate: footerTemplate(report), margin: PDF_MARGIN,
      });
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      const pdfMs = performance.now() - t0;
      return { bytes, pages: countPdfPages(bytes), ms: timing.queuedMs + timing.loadMs + pdfMs, ...timing, pdfMs };
    });
  }

  /** One HTML file readable without scripts or network: the rendered print DOM with every stylesheet inlined. */
  renderHtml(report: ExecReport): Promise<string> {
    return this.enqueue(report, (page) => page.evaluate((title: string) => {
      const css: string[] = [];
      for (const sheet of Array.from(document.styleSheets)) {
        try { css.push(Array.from(sheet.cssRules, (r) => r.cssText).join('\n')); } catch { /* a cross-origin sheet: not ours */ }
      }
      const doc = document.documentElement.cloneNode(true) as HTMLElement;
      doc.querySelectorAll('script, link, style, noscript, template').forEach((n) => n.remove());
      const head = doc.querySelector('head') ?? doc.insertBefore(document.createElement('head'), doc.firstChild);
      head.querySelectorAll('meta[charset], title').forEach((n) => n.remove());
      const meta = document.createElement('meta');
      meta.setAttribute('charset', 'utf-8');
      const t = document.createElement('title');
      t.textContent = title;
      const style = document.createElement('style');
      style.textContent = css.join('\n');
      head.prepend(meta, t, style);
      return `<!doctype html>\n${doc.outerHTML}\n`;
    }, `${report.definition.title} ${report.period.label}`));
  }

  /** Ends Chromium (also one still launching) and refuses later renderings: the owner calls it once, at shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    const b = this.browser;
    const site = this.site;
    this.browser = null;
    this.context = null;
    this.site = null;
    await b?.then((x) => x.close(), () => undefined);
    await site?.then((x) => x.close(), () => undefined);
  }

  /** Queues one rendering: a fresh page loads the print route with `report` injected, `work` runs once it is ready. */
  private enqueue<T>(report: ExecReport, work: (page: Page, timing: PageTiming) => Promise<T>): Promise<T> {
    // A bounded queue: past it, callers hear "busy" at once instead of waiting minutes behind others.
    if (this.waiting >= this.maxQueue) return Promise.reject(new UnavailableError(`the report renderer is busy (${this.waiting} renderings queued); try again shortly`));
    this.waiting++;
    const queuedAt = performance.now();
    const job = this.queue.then(() => this.withPage(report, queuedAt, work)).finally(() => { this.waiting--; });
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async withPage<T>(report: ExecReport, queuedAt: number, work: (page: Page, timing: PageTiming) => Promise<T>): Promise<T> {
    if (this.closed) throw new UnavailableError('the PDF renderer is shut down');
    const startedAt = performance.now();
    const context = await this.openContext();
    const page = await context.newPage();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError(`report rendering timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      return await Promise.race([timeout, (async () => {
        await page.addInitScript((r) => { (window as unknown as { __opsdeckPrintReport: unknown }).__opsdeckPrintReport = r; }, report);
        await page.goto(`${(await this.site!).origin}/${PRINT_ROUTE}`, { waitUntil: 'load' });
        let state: { ready: boolean; error: string | null } | null;
        try {
          // The print route sets data-report-ready, or data-report-error saying why it cannot print.
          const handle = await page.waitForFunction(() => {
            const d = document.body?.dataset;
            return d && (d.reportReady === 'true' || d.reportError) ? { ready: d.reportReady === 'true', error: d.reportError ?? null } : null;
          }, undefined, { timeout: this.timeoutMs, polling: 50 });
          state = await handle.jsonValue();
        } catch (e) {
          throw new UnavailableError(`the print route never became ready${errors.length ? ` (page errors: ${errors.slice(0, 3).join('; ')})` : ''}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
        if (!state?.ready) throw new Error(`the print route could not print the report: ${state?.error ?? 'unknown error'}`);
        // Web fonts and images the route started must be in before the snapshot.
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return work(page, { queuedMs: startedAt - queuedAt, loadMs: performance.now() - startedAt });
      })()]);
    } finally {
      clearTimeout(timer);
      await page.close().catch(() => undefined);
    }
  }

  /** The shared browser context, (re)launching Chromium when it is not running (first use, or after a crash). */
  private async openContext(): Promise<BrowserContext> {
    if (this.browser) {
      const b = await this.browser.catch(() => null);
      if (!b || !b.isConnected()) { this.browser = null; this.context = null; }
    }
    if (!this.browser) {
      const executablePath = this.o.executablePath ?? findChromium();
      if (!executablePath || !existsSync(executablePath)) throw new UnavailableError(CHROMIUM_MISSING);
      if (!existsSync(path.join(this.clientDir, 'index.html'))) {
        throw new UnavailableError(`PDF rendering needs the built client in ${this.clientDir} (run npm run build)`);
      }
      this.site ??= startPrintSite(this.clientDir);
      const launched = chromium.launch({
        executablePath,
        // No name resolves but the loopback print site: nothing the print page does can reach another host.
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
      });
      this.browser = launched;
      this.context = launched.then(async (b) => {
        b.on('disconnected', () => { if (this.browser === launched) { this.browser = null; this.context = null; } });
        // One context for every rendering: its HTTP cache keeps the print route's hashed assets after the first load.
        return b.newContext({ viewport: PRINT_VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' });
      });
      this.context.catch((err: unknown) => this.o.log?.warn({ err }, 'Chromium failed to start for report rendering'));
    }
    return this.context!;
  }

}
