// Pins the tier palette: every tier its own colour, visible on the panel in both themes (WCAG 3:1 for graphics), and
// far enough apart to tell (CIEDE2000, computed here independently of the palette's module).
import { describe, expect, it } from 'vitest';
import { PALETTE_BACKGROUNDS, TIER_PALETTES, tierColours } from '../../client/features/revenue/tierPalette.js';

const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];
const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (h: string) => { const [r, g, b] = rgb(h).map(lin) as [number, number, number]; return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a: string, b: string) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number]; return (x + 0.05) / (y + 0.05); };

function lab(h: string): [number, number, number] {
  const [r, g, b] = rgb(h).map(lin) as [number, number, number];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047), y = f(0.2126 * r + 0.7152 * g + 0.0722 * b), z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIEDE2000 colour difference (Sharma, Wu, Dalal 2005). */
function deltaE2000(p: string, q: string): number {
  const [L1, a1, b1] = lab(p), [L2, a2, b2] = lab(q);
  const rad = Math.PI / 180;
  const Cb = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cb ** 7 / (Cb ** 7 + 25 ** 7)));
  const A1 = (1 + G) * a1, A2 = (1 + G) * a2, C1 = Math.hypot(A1, b1), C2 = Math.hypot(A2, b2);
  const hue = (x: number, y: number) => { const v = Math.atan2(y, x) / rad; return v < 0 ? v + 360 : v; };
  const h1 = hue(A1, b1), h2 = hue(A2, b2);
  let dh = h2 - h1;
  if (C1 * C2 === 0) dh = 0; else if (dh > 180) dh -= 360; else if (dh < -180) dh += 360;
  const dH = 2 * Math.sqrt(C1 * C2) * Math.sin((dh * rad) / 2);
  const Lb = (L1 + L2) / 2, Cp = (C1 + C2) / 2;
  const hb = C1 * C2 === 0 ? h1 + h2 : Math.abs(h1 - h2) > 180 ? (h1 + h2 + (h1 + h2 < 360 ? 360 : -360)) / 2 : (h1 + h2) / 2;
  const T = 1 - 0.17 * Math.cos((hb - 30) * rad) + 0.24 * Math.cos(2 * hb * rad) + 0.32 * Math.cos((3 * hb + 6) * rad) - 0.2 * Math.cos((4 * hb - 63) * rad);
  const SL = 1 + (0.015 * (Lb - 50) ** 2) / Math.sqrt(20 + (Lb - 50) ** 2), SC = 1 + 0.045 * Cp, SH = 1 + 0.015 * Cp * T;
  const RT = -2 * Math.sqrt(Cp ** 7 / (Cp ** 7 + 25 ** 7)) * Math.sin(60 * Math.exp(-(((hb - 275) / 25) ** 2)) * rad);
  return Math.sqrt(((L2 - L1) / SL) ** 2 + ((C2 - C1) / SC) ** 2 + (dH / SH) ** 2 + RT * ((C2 - C1) / SC) * (dH / SH));
}

describe('tier palette', () => {
  for (const theme of ['dark', 'light'] as const) {
    const palette = TIER_PALETTES[theme];
    it(`${theme}: 11 colours, each at least 3:1 against the panel`, () => {
      expect(palette.length).toBeGreaterThanOrEqual(11);
      for (const c of palette) expect(contrast(c, PALETTE_BACKGROUNDS[theme]), c).toBeGreaterThanOrEqual(3);
    });
    it(`${theme}: every pair distinguishable, neighbours clearly so`, () => {
      for (let i = 0; i < palette.length; i++) {
        for (let j = i + 1; j < palette.length; j++) expect(deltaE2000(palette[i]!, palette[j]!), `${palette[i]} vs ${palette[j]}`).toBeGreaterThan(12);
        // Adjacent tier ids are stacked next to each other.
        if (i + 1 < palette.length) expect(deltaE2000(palette[i]!, palette[i + 1]!)).toBeGreaterThan(25);
      }
    });
  }
  it('gives the 11 catalog tiers 11 different colours by rank, stable under filtering', () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const all = tierColours(ids, 'dark');
    expect(new Set(all.values()).size).toBe(11);
    // Sparse or unsorted ids still get distinct colours.
    expect(new Set(tierColours([40, 7, 300], 'light').values()).size).toBe(3);
    expect(tierColours(ids, 'dark').get(10)).toBe(all.get(10));
  });
});
