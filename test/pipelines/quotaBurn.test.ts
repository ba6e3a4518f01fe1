// Quota burn-down forecast and the exact revenue split over models, with hand-computed expectations.
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../schema/tables.js';
import { DEFAULT_TIERS } from '../../schema/tierCatalog.js';
import { rateAccount } from '../../pipelines/rating/rateAccount.js';
import { forecastQuotaBurn } from '../../pipelines/rating/quotaBurn.js';
import { allocateByWeight } from '../../pipelines/rating/revenueCube.js';

const TIERS = new Map<number, Tier>(DEFAULT_TIERS.map((t) => [t.tier_id, t]));
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const OCT = { fromMs: day('2026-10-01'), toMs: day('2026-11-01') };

describe('quota burn-down', () => {
  it('forecasts the run-out day and the month-end overage at the recent rate', () => {
    // Tier 1 (10M quota, 3 RMB/M overage). 1M tokens on each of Oct 1-10; now = Oct 11 00:00.
    // Rate over the last 7 days = 7M / 7 = 1M/day. Used 10M = quota exactly (not yet exceeded).
    // Forecast: runs out now (Oct 11); month end = 10M + 1M x 21 days = 31M -> 21M over x 300 = 6300 fen.
    const usage = Array.from({ length: 10 }, (_, i) => ({ dayMs: day('2026-10-01') + i * 86_400_000, tokensIn: 1_000_000, tokensOut: 0, cachedTokens: 0 }));
    const r = rateAccount({ account_id: 1, tier_id: 1, signup_date: day('2025-01-01') }, TIERS, usage, OCT);
    const f = forecastQuotaBurn(r, TIERS, day('2026-10-11'), OCT.fromMs)!;
    expect(f).toMatchObject({ usedTokens: 10_000_000, includedTokens: 10_000_000, recentTokensPerDay: 1_000_000, runoutDayMs: day('2026-10-11'), forecastOverageTokens: 21_000_000, expectedOverageFen: 6300, overageFenSoFar: 0 });
    // Half the rate: 5M used by Oct 11 at 0.5M/day -> runs out after 10 more days, Oct 21; 5M x 0.5... month end 15.5M -> 5.5M over = 1650 fen.
    const half = rateAccount({ account_id: 1, tier_id: 1, signup_date: day('2025-01-01') }, TIERS, usage.map((u) => ({ ...u, tokensIn: 500_000 })), OCT);
    expect(forecastQuotaBurn(half, TIERS, day('2026-10-11'), OCT.fromMs)).toMatchObject({ runoutDayMs: day('2026-10-21'), expectedOverageFen: 1650 });
    // No usage: never runs out; pay-as-you-go plans have no quota to burn.
    const idle = rateAccount({ account_id: 1, tier_id: 1, signup_date: day('2025-01-01') }, TIERS, [], OCT);
    expect(forecastQuotaBurn(idle, TIERS, day('2026-10-11'), OCT.fromMs)).toMatchObject({ runoutDayMs: null, expectedOverageFen: 0 });
    expect(forecastQuotaBurn(rateAccount({ account_id: 2, tier_id: 8, signup_date: day('2025-01-01') }, TIERS, usage, OCT), TIERS, day('2026-10-11'), OCT.fromMs)).toBeNull();
  });
});

describe('revenue split over models', () => {
  it('largest remainder: sums exactly, ties go to the earlier model, all-zero weights give null', () => {
    expect(allocateByWeight(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByWeight(10, [3, 0, 7])).toEqual([3, 0, 7]);
    expect(allocateByWeight(7, [1, 2])).toEqual([2, 5]); // 2.33 / 4.67 -> 2 / 4, remainder 1 to the larger fraction
    expect(allocateByWeight(5, [0, 0])).toBeNull();
    const big = allocateByWeight(999_999_999, [2 ** 52, 3, 2 ** 40]);
    expect(big!.reduce((a, b) => a + b, 0)).toBe(999_999_999);
  });
});
