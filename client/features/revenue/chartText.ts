// Rough widths of chart labels (11 px UI font), to thin, truncate or make room for tick labels without measuring the DOM.

/** Estimated width in px: CJK characters are about one em, Latin letters and digits a bit over half. */
export function textWidthPx(text: string, fontPx = 11): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : /[ .,:;'il1|]/.test(ch) ? fontPx * 0.35 : fontPx * 0.62;
  return Math.ceil(w);
}

/** The text cut to `maxPx` with an ellipsis. */
export function fitText(text: string, maxPx: number, fontPx = 11): string {
  if (textWidthPx(text, fontPx) <= maxPx) return text;
  let out = '';
  for (const ch of text) {
    if (textWidthPx(`${out}${ch}…`, fontPx) > maxPx) break;
    out += ch;
  }
  return `${out}…`;
}

/** Every k-th of `values` so that labels `labelPx` wide (plus a gap) fit in `widthPx`. */
export function thinTicks<T>(values: readonly T[], widthPx: number, labelPx: number, gapPx = 14): T[] {
  const fit = Math.max(1, Math.floor(widthPx / (labelPx + gapPx)));
  const step = Math.max(1, Math.ceil(values.length / fit));
  return values.filter((_, i) => i % step === 0);
}
