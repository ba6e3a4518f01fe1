// Credits pro-rated to a window: the monthly credit x window length / days in that month, by hand for small cases.
import { describe, expect, it } from 'vitest';
import { proRateMonthlyFen, proRatedSiteCreditsFen, windowMonthShare } from '../../domain/assurance/creditProration.js';
import type { ClassAssurance } from '../../domain/assurance/latencyAssurance.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const jan = (d: number, h = 0) => Date.UTC(2026, 0, d, h);

describe('credit pro-ration', () => {
  it('a whole January day is 1/31 of the monthly credit, a whole February 2026 day 1/28', () => {
    const s = windowMonthShare({ fromMs: jan(15), toMs: jan(16) });
    expect(Number(s.num) / Number(s.den)).toBeCloseTo(1 / 31, 15);
    // 3,100 fen a month -> 100 fen a January day; 2,800 fen -> 100 fen a February day.
    expect(proRateMonthlyFen(3100, { fromMs: jan(15), toMs: jan(16) })).toBe(100);
    expect(proRateMonthlyFen(2800, { fromMs: Date.UTC(2026, 1, 3), toMs: Date.UTC(2026, 1, 4) })).toBe(100);
  });

  it('a part day counts by its share of 24 h; rounding is half-up, once', () => {
    // 1 h of January: 3100 / 31 / 24 = 4.1666 -> 4 fen.
    expect(proRateMonthlyFen(3100, { fromMs: jan(15, 10), toMs: jan(15, 11) })).toBe(4);
    // 6 h: 3100 / 31 / 4 = 25 exactly; 7,440 fen a month for 1 h: 7440 / 744 = 10.
    expect(proRateMonthlyFen(3100, { fromMs: jan(15, 0), toMs: jan(15, 6) })).toBe(25);
    expect(proRateMonthlyFen(7440, { fromMs: jan(15, 0), toMs: jan(15, 1) })).toBe(10);
    // 62 fen a month for 12 h: 62 / 31 / 2 = 1 exactly; 31 fen for 12 h = 0.5 -> 1 (half-up).
    expect(proRateMonthlyFen(31, { fromMs: jan(15, 0), toMs: jan(15, 12) })).toBe(1);
    expect(proRateMonthlyFen(30, { fromMs: jan(15, 0), toMs: jan(15, 12) })).toBe(0);
  });

  it('a window across a month end takes each part at its own month length', () => {
    // 7 days: Jan 29, 30, 31 (3/31) + Feb 1..4 (4/28) of 86,800 fen = 8,400 + 12,400 = 20,800 fen.
    expect(proRateMonthlyFen(86_800, { fromMs: jan(29), toMs: Date.UTC(2026, 1, 5) })).toBe(8400 + 12_400);
  });

  it('a 24 h window never owes more than a day of the monthly credit at 31 days and at least 1/31 at 28', () => {
    const w = { fromMs: jan(20, 7), toMs: jan(20, 7) + DAY };
    expect(proRateMonthlyFen(1_000_000, w)).toBe(Math.round(1_000_000 / 31));
    expect(proRateMonthlyFen(0, w)).toBe(0);
    expect(proRateMonthlyFen(5, { fromMs: 10, toMs: 10 })).toBe(0);
  });

  it('a site sums its lines, each rounded once', () => {
    const line = (creditFen: number) => ({ creditFen }) as ClassAssurance;
    // 1 h of January: 3100 -> 4.1667 -> 4 fen and 750 -> 1.0081 -> 1 fen, each line rounded on its own.
    const w = { fromMs: jan(15, 10), toMs: jan(15, 10) + HOUR };
    expect(proRatedSiteCreditsFen({ classes: [line(3100), line(750)] }, w)).toBe(4 + 1);
    expect(proRatedSiteCreditsFen({ classes: [] }, w)).toBe(0);
  });
});
