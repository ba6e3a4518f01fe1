// Colours of the site statuses and of the basemap, per theme: every status dot stands out (3:1) from the map and the panels.
import type { SiteStatus } from '../../../domain/assurance/siteStatus.js';
import type { Theme } from '../../ui/ThemeProvider.js';

export type Rgb = readonly [number, number, number];

/** Status colours: red, orange, yellow, green, grey in both themes; darker in light so they keep 3:1 on white. */
export const STATUS_RGB: Readonly<Record<Theme, Readonly<Record<SiteStatus, Rgb>>>> = {
  dark: {
    breaching: [255, 84, 104],
    below_objective: [255, 140, 32],
    at_risk: [255, 214, 64],
    met: [61, 220, 132],
    no_data: [128, 141, 157],
  },
  light: {
    breaching: [196, 30, 58],
    below_objective: [196, 84, 0],
    at_risk: [138, 118, 0],
    met: [19, 128, 59],
    no_data: [104, 116, 130],
  },
};

/** Basemap colours: background (sea / outside China), province fill, highlighted province, borders; the selection ring. */
export interface MapPalette { background: Rgb; province: Rgb; provinceHighlight: Rgb; border: Rgb; dotOutline: Rgb; selected: Rgb }

export const MAP_PALETTE: Readonly<Record<Theme, MapPalette>> = {
  dark: { background: [14, 20, 28], province: [22, 30, 40], provinceHighlight: [36, 56, 80], border: [58, 74, 94], dotOutline: [11, 15, 20], selected: [255, 255, 255] },
  light: { background: [226, 232, 240], province: [248, 250, 252], provinceHighlight: [220, 232, 246], border: [160, 174, 190], dotOutline: [255, 255, 255], selected: [10, 20, 32] },
};

/** Drawn last = on top = picked first: the sites that need attention win over healthy neighbours. */
export const STATUS_DRAW_ORDER: Readonly<Record<SiteStatus, number>> = { no_data: 0, met: 1, at_risk: 2, below_objective: 3, breaching: 4 };

export const rgbCss = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance(c: Rgb): number {
  const lin = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** WCAG contrast ratio of two colours (1..21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
