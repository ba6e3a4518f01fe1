// Text of each page of a PDF through a real parser (pdf.js, legacy build for Node), for tests that read rendered reports.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One string per page: its text items joined by spaces (line breaks as spaces), whitespace collapsed. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const text = content.items.map((it) => ('str' in it ? `${it.str}${it.hasEOL ? ' ' : ''}` : '')).join('');
      pages.push(text.replace(/\s+/g, ' ').trim());
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
