// Status colours of the NOC map: one distinct colour per status, each 3:1 against the basemap and the panels in both themes.
import { describe, expect, it } from 'vitest';
import { SITE_STATUSES } from '../../domain/assurance/siteStatus.js';
import { MAP_PALETTE, STATUS_RGB, contrastRatio, type Rgb } from '../../client/features/noc/siteStatusStyle.js';
import { THEMES } from '../../client/ui/ThemeProvider.js';

/** --panel and --panel-2 of client/theme.css (legend, cards and list backgrounds). */
const PANELS: Record<(typeof THEMES)[number], Rgb[]> = {
  dark: [[0x12, 0x18, 0x21], [0x18, 0x20, 0x2b]],
  light: [[0xff, 0xff, 0xff], [0xee, 0xf2, 0xf6]],
};

describe('NOC status colours', () => {
  for (const theme of THEMES) {
    it(`${theme}: every status is 3:1 against the map background, provinces, the highlighted province and the panels`, () => {
      const m = MAP_PALETTE[theme];
      const grounds: Array<[string, Rgb]> = [['background', m.background], ['province', m.province], ['highlight', m.provinceHighlight],
        ...PANELS[theme].map((p, i) => [`panel${i}`, p] as [string, Rgb])];
      const low: string[] = [];
      for (const s of SITE_STATUSES) for (const [name, g] of grounds) {
        const r = contrastRatio(STATUS_RGB[theme][s], g);
        if (r < 3) low.push(`${s} on ${name}: ${r.toFixed(2)}`);
      }
      expect(low).toEqual([]);
    });

    it(`${theme}: statuses are told apart (no two colours close)`, () => {
      const c = SITE_STATUSES.map((s) => STATUS_RGB[theme][s]);
      for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) {
        const [a, b] = [c[i]!, c[j]!];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]), `${SITE_STATUSES[i]} vs ${SITE_STATUSES[j]}`).toBeGreaterThan(60);
      }
    });
  }

  it('contrast ratio: black on white is 21, a colour on itself 1', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6);
    expect(contrastRatio([12, 34, 56], [12, 34, 56])).toBe(1);
  });
});
