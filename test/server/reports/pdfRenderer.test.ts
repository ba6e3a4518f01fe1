// The PDF renderer in real Chromium against a stand-in print route (a static page that renders the injected
// report): header and footer stamps, page numbers, one rendering at a time, HTML with styles inlined, clear errors.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, PdfRenderer } from '../../../server/reports/pdfRenderer.js';
import { execReportFixture } from './execReportFixture.js';
import { pdfPageTexts } from './pdfText.js';

// Renders the injected report's title, one KPI and enough paragraphs for three A4 pages, then signals readiness.
const PRINT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/print.css"></head>
<body><div id="root"></div><script type="module" src="/print.js"></script></body></html>`;
const PRINT_JS = `
const r = window.__opsdeckPrintReport;
if (r && r.definition.id === 'never-ready') { /* hangs: the renderer must time out */ }
else if (r && r.sections.length === 0) document.body.dataset.reportError = 'nothing to print';
else if (location.hash === '#/print/report' && r) {
  const root = document.getElementById('root');
  const h = document.createElement('h1'); h.textContent = r.definition.title; root.append(h);
  const k = document.createElement('p'); k.className = 'kpi'; k.textContent = 'Revenue fen ' + r.sections[0].kpis[0].value; root.append(k);
  for (let i = 0; i < 120; i++) { const p = document.createElement('p'); p.textContent = 'Line ' + i; root.append(p); }
  setTimeout(() => { document.body.dataset.reportReady = 'true'; }, 20);
}`;

describe('PdfRenderer (real Chromium, stand-in print route)', () => {
  let dir = '';
  let renderer: PdfRenderer;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-pdf-'));
    await writeFile(path.join(dir, 'index.html'), PRINT_PAGE);
    await writeFile(path.join(dir, 'print.js'), PRINT_JS);
    await writeFile(path.join(dir, 'print.css'), '.kpi { color: rgb(200, 0, 0); font-weight: bold }');
    renderer = new PdfRenderer({ clientDir: dir, timeoutMs: 20_000 });
  });
  afterAll(async () => { await renderer.close(); await rm(dir, { recursive: true, force: true }); });

  it('renders the injected report with title, period, stamps and "Page X of Y" on every page', async () => {
    const report = execReportFixture();
    const pdf = await renderer.renderPdfWithInfo(report);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pages = await pdfPageTexts(pdf.bytes);
    expect(pdf.pages).toBe(pages.length);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).toContain('Revenue fen 123456789');
    pages.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(text).toContain('Weekly executive report · 2026-W47');
      expect(text).toContain('Generated 2026-11-29 07:05 UTC');
      expect(text).toContain('Data as of 2026-11-23 00:00 UTC');
    });
  });

  it('renders one at a time when asked concurrently', async () => {
    const t0 = performance.now();
    const all = await Promise.all([1, 2, 3].map(() => renderer.renderPdfWithInfo(execReportFixture())));
    expect(all.every((p) => p.pages >= 2)).toBe(true);
    console.log(`3 queued renderings in ${Math.round(performance.now() - t0)} ms`);
  });

  it('writes HTML that needs no scripts or network: styles inlined, scripts removed', async () => {
    const html = await renderer.renderHtml(execReportFixture());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Revenue fen 123456789');
    expect(html).toMatch(/\.kpi \{[^}]*color: rgb\(200, 0, 0\)/);
    expect(html).not.toMatch(/<script|<link/i);
  });

  it('fails with the print route\'s own error, and the next rendering still works', async () => {
    await expect(renderer.renderPdf({ ...execReportFixture(), sections: [] })).rejects.toThrow(/could not print the report: nothing to print/);
    expect((await renderer.renderPdfWithInfo(execReportFixture())).pages).toBeGreaterThan(0);
  });

  it('times out a print route that never becomes ready', async () => {
    const hasty = new PdfRenderer({ clientDir: dir, timeoutMs: 1_500 });
    try {
      const r = execReportFixture();
      await expect(hasty.renderPdf({ ...r, definition: { ...r.definition, id: 'never-ready' } })).rejects.toThrow(/timed out|never became ready/);
    } finally { await hasty.close(); }
  });

  it('says how to install Chromium when there is none', async () => {
    const none = new PdfRenderer({ clientDir: dir, executablePath: '/nonexistent/chromium' });
    await expect(none.renderPdf(execReportFixture())).rejects.toThrow(CHROMIUM_MISSING);
  });
});
