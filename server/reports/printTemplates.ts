// The PDF's running header and footer (Chromium's header/footer templates) and a page count read from the PDF bytes.
import type { ExecReport } from '../../schema/executive.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** "2026-11-29 22:45 UTC": stamps are UTC like every timestamp in OpsDeck. */
export function formatStampUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// Templates render in their own tiny document: no page CSS reaches them, and the default font size is ~0.
const BAND = 'width:100%;margin:0 12mm;font-family:DejaVu Sans,Arial,Helvetica,sans-serif;font-size:8px;color:#555;display:flex;justify-content:space-between;gap:12px;';

/** Title and period on the left, audience and scope on the right. */
export function headerTemplate(r: ExecReport): string {
  return `<div style="${BAND}"><span><b>${escapeHtml(r.definition.title)}</b> · ${escapeHtml(r.period.label)}</span>`
    + `<span>${escapeHtml(r.definition.audience)} · ${escapeHtml(r.scope)}</span></div>`;
}

/** Generated-at and data-as-of stamps on the left, "Page X of Y" on the right. */
export function footerTemplate(r: ExecReport): string {
  return `<div style="${BAND}"><span>Generated ${escapeHtml(formatStampUtc(r.generatedAtMs))} · Data as of ${escapeHtml(formatStampUtc(r.dataAsOfMs))}`
    + ` · ${escapeHtml(r.definition.source)}</span>`
    + '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>';
}

/** Page objects in a PDF Chromium wrote (Skia writes plain objects, no object streams): for summaries, not for parsing. */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
