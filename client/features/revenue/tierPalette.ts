// One colour per tier, per theme: 11 distinct hues (min CIEDE2000 distance ~13), each at least 3:1 against the panel
// background of its theme (WCAG graphics). Shared: any page that colours tiers should use tierColours().
import type { Theme } from '../../ui/ThemeProvider.js';

/**
 * Ordered so neighbours (adjacent tier ids, stacked next to each other) differ most in hue and lightness.
 * Checked by test/client/revenueTierPalette.test.ts.
 */
export const TIER_PALETTES: Readonly<Record<Theme, readonly string[]>> = {
  dark: ['#5aa9ff', '#ffb13b', '#36d399', '#ff6f91', '#c08bff', '#e8e15a', '#2cc5d6', '#ff7f3f', '#a6e36f', '#f7a6e6', '#b8a58c'],
  light: ['#1f6fd1', '#a66a00', '#13865a', '#c9264f', '#7b4fd6', '#7a7a00', '#00849b', '#dd4a12', '#3f8f20', '#b5369f', '#76675a'],
};

/** The panel background each palette is checked against (theme.css --panel). */
export const PALETTE_BACKGROUNDS: Readonly<Record<Theme, string>> = { dark: '#121821', light: '#ffffff' };

/**
 * Colour of every tier of the catalog, by its rank among the catalog's tier ids (not the id itself), so up to 11 tiers
 * always get 11 different colours and a tier keeps its colour whatever the filters show. Past 11 tiers colours repeat.
 */
export function tierColours(allTierIds: readonly number[], theme: Theme): Map<number, string> {
  const palette = TIER_PALETTES[theme];
  const ids = [...new Set(allTierIds)].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, palette[i % palette.length]!]));
}
