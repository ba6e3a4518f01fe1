// Rating edge cases with hand-computed expectations (every number below is worked out in the comment next to it).
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../schema/tables.js';
import { DEFAULT_TIERS } from '../../schema/tierCatalog.js';
import {
  RatingInputError, dailyTotalFen, invoiceTotalsByKind, rateAccount, revenueByAccount,
  type AccountRating, type DailyUsage, type RatingAccount,
} from '../../pipelines/rating/rateAccount.js';
import { addEventsToDailyUsage } from '../../pipelines/rating/dailyUsage.js';
import { divHalfUp } from '../../pipelines/rating/exactMoney.js';

const TIERS = new Map<number, Tier>(DEFAULT_TIERS.map((t) => [t.tier_id, t]));
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const OCT = { fromMs: day('2026-10-01'), toMs: day('2026-11-01') };
const OLD_SIGNUP = day('2025-01-15');
const acct = (tier_id: number, signup = OLD_SIGNUP, account_id = 7): RatingAccount => ({ account_id, tier_id, signup_date: signup });
const use = (iso: string, tokensIn: number, tokensOut = 0, cachedTokens = 0): DailyUsage => ({ dayMs: day(iso), tokensIn, tokensOut, cachedTokens });
const amounts = (r: AccountRating) => r.lines.map((l) => [l.kind, l.tierId, l.amountFen]);
const daysTotal = (r: AccountRating) => r.days.reduce((s, d) => s + dailyTotalFen(d), 0);
const linesTotal = (r: AccountRating) => r.lines.reduce((s, l) => s + l.amountFen, 0);

describe('rating: monthly plans', () => {
  it('zero usage over a full month bills exactly the fee, recognised day by day', () => {
    const r = rateAccount(acct(1), TIERS, [], OCT);
    expect(amounts(r)).toEqual([['subscription', 1, 990]]);
    expect(r.lines[0]!.includedTokens).toBe(10_000_000);
    expect(r.days).toHaveLength(31);
    expect(r.days[0]!.subscriptionFen).toBe(32); // R(990 * 1/31 = 31.94)
    expect(r.days[1]!.subscriptionFen).toBe(32); // R(63.87)=64 minus 32
    expect(daysTotal(r)).toBe(990);
    expect(r.paying).toEqual([{ tierId: 1, fromMs: OCT.fromMs, toMs: OCT.toMs }]);
  });

  it('mid-month signup pro-rates fee and quota; exactly at quota bills no overage', () => {
    // signup Oct 17 -> 15 active days of 31: fee 990*15/31 = 479.03 -> 479; quota 10M*15/31 = 4,838,709.68 -> 4,838,710
    const a = acct(1, Date.parse('2026-10-17T09:30:00Z'));
    const r = rateAccount(a, TIERS, [use('2026-10-20', 4_838_710)], OCT);
    expect(amounts(r)).toEqual([['subscription', 1, 479]]);
    expect(r.lines[0]).toMatchObject({ quantity: 15, includedTokens: 4_838_710, activeFromMs: day('2026-10-17') });
    expect(r.days).toHaveLength(15);
    expect(daysTotal(r)).toBe(479);
  });

  it('overage rounds once per line, half-up: 5,000 tokens x 3 RMB/M = 1.5 fen -> 2, 4,999 -> 1.4997 -> 1', () => {
    const a = acct(1, day('2026-10-17'));
    const over5000 = rateAccount(a, TIERS, [use('2026-10-20', 4_838_710 + 2_000), use('2026-10-21', 0, 3_000)], OCT);
    expect(amounts(over5000)).toEqual([['subscription', 1, 479], ['overage', 1, 2]]);
    expect(over5000.lines[1]!.quantity).toBe(5_000);
    // Recognised per day: day 20 is 2,000 over -> R(0.6) = 1; day 21 cumulates 5,000 -> R(1.5)=2, so +1.
    expect(over5000.days.find((d) => d.dayMs === day('2026-10-20'))!.overageFen).toBe(1);
    expect(over5000.days.find((d) => d.dayMs === day('2026-10-21'))!.overageFen).toBe(1);
    expect(daysTotal(over5000)).toBe(481);
    const over4999 = rateAccount(a, TIERS, [use('2026-10-20', 4_838_710 + 4_999)], OCT);
    expect(amounts(over4999)).toEqual([['subscription', 1, 479], ['overage', 1, 1]]);
  });

  it('cached input tokens count at the tier rate (family: 25 %)', () => {
    // 20,000 cached tokens above the quota count as 5,000 -> 1.5 fen -> 2 (6 fen if billed in full).
    const a = acct(1, day('2026-10-17'));
    const r = rateAccount(a, TIERS, [use('2026-10-20', 4_838_710 + 20_000, 0, 20_000)], OCT);
    expect(amounts(r)).toEqual([['subscription', 1, 479], ['overage', 1, 2]]);
    expect(r.lines[1]!.billableCentiTokens).toBe(500_000);
  });

  it('upgrade mid-month: each tier span has its own pro-rated fee and quota', () => {
    // 1 -> 4 from Oct 11. Tier 1, 10 days: fee 990*10/31 = 319.35 -> 319, quota 3,225,806.45 -> 3,225,806.
    // Tier 4, 21 days: fee 3990*21/31 = 2702.90 -> 2703, quota 15M*21/31 = 10,161,290.32 -> 10,161,290.
    // Oct 5: 1,000,000 over tier 1's quota x 300 fen/M = 300 fen. Oct 20: exactly tier 4's quota.
    const r = rateAccount(acct(4), TIERS, [use('2026-10-05', 4_225_806), use('2026-10-20', 10_161_290)], OCT,
      [{ effectiveDayMs: day('2026-10-11'), fromTierId: 1, toTierId: 4 }]);
    expect(amounts(r)).toEqual([['subscription', 1, 319], ['overage', 1, 300], ['subscription', 4, 2703]]);
    expect(r.lines.map((l) => l.includedTokens)).toEqual([3_225_806, 3_225_806, 10_161_290]);
    expect(daysTotal(r)).toBe(3322);
    expect(r.days.find((d) => d.dayMs === day('2026-10-11'))!.tierId).toBe(4);
    expect(r.days.find((d) => d.dayMs === day('2026-10-10'))!.tierId).toBe(1);
  });

  it('downgrade mid-month and a change list that contradicts the account is rejected', () => {
    // 5 -> 4 from Oct 16: 15990*15/31 = 7737.10 -> 7737; 3990*16/31 = 2059.35 -> 2059.
    const r = rateAccount(acct(4), TIERS, [], OCT, [{ effectiveDayMs: day('2026-10-16'), fromTierId: 5, toTierId: 4 }]);
    expect(amounts(r)).toEqual([['subscription', 5, 7737], ['subscription', 4, 2059]]);
    expect(daysTotal(r)).toBe(9796);
    expect(() => rateAccount(acct(6), TIERS, [], OCT, [{ effectiveDayMs: day('2026-10-16'), fromTierId: 5, toTierId: 4 }]))
      .toThrow(RatingInputError);
    expect(() => rateAccount(acct(4), TIERS, [], OCT, [{ effectiveDayMs: day('2026-10-16') + 1, fromTierId: 5, toTierId: 4 }]))
      .toThrow(/UTC midnight/);
  });

  it('period boundary at UTC midnight: 23:59:59.999 is October, 00:00:00.000 is November with a fresh quota', () => {
    const byAccount = addEventsToDailyUsage([
      { ts: Date.parse('2026-10-31T23:59:59.999Z'), account_id: 7, tokens_in: 11_000_000, tokens_out: 0, cached_tokens: 0 },
      { ts: Date.parse('2026-11-01T00:00:00.000Z'), account_id: 7, tokens_in: 1_000_000, tokens_out: 0, cached_tokens: 0 },
    ]);
    const usage = [...byAccount.get(7)!.values()];
    expect(usage.map((u) => u.dayMs)).toEqual([day('2026-10-31'), day('2026-11-01')]);
    const r = rateAccount(acct(1), TIERS, usage, { fromMs: day('2026-10-01'), toMs: day('2026-12-01') });
    // October: 1,000,000 over the 10M quota x 300 = 300 fen. November: 1M of a new 10M quota, no overage.
    expect(amounts(r)).toEqual([['subscription', 1, 990], ['overage', 1, 300], ['subscription', 1, 990]]);
    expect(r.lines.map((l) => l.periodStartMs)).toEqual([day('2026-10-01'), day('2026-10-01'), day('2026-11-01')]);
    expect(r.lines[2]!.periodEndMs).toBe(day('2026-12-01'));
    expect(daysTotal(r)).toBe(2280);
    // Revenue over a sub-range sums the recognised days: Nov 1 alone = R(990/30) = 33.
    expect(revenueByAccount([r], day('2026-11-01'), day('2026-11-02')).get(7)).toBe(33);
  });
});

describe('rating: one-time packs and pay-as-you-go', () => {
  it('a pack bought twice: at signup, and when the first 2M tokens are used up', () => {
    // Signup Oct 26: pack 1 (5.99). 1.5M + 0.5M = exactly 2M -> still one pack. Oct 28: 1 more token -> pack 2.
    const r = rateAccount(acct(3, day('2026-10-26')), TIERS,
      [use('2026-10-26', 1_500_000), use('2026-10-27', 500_000), use('2026-10-28', 1)], { fromMs: day('2026-10-25'), toMs: day('2026-11-01') });
    expect(amounts(r)).toEqual([['one_time_pack', 3, 1198]]);
    expect(r.lines[0]!.quantity).toBe(2);
    expect(r.days.filter((d) => d.packsBought > 0).map((d) => [d.dayMs, d.packFen])).toEqual([[day('2026-10-26'), 599], [day('2026-10-28'), 599]]);
    expect(daysTotal(r)).toBe(1198);
  });

  it('an old pack account starts the range with one pack; a 6,000,001-token day buys 3 more at once; no usage buys none', () => {
    const r = rateAccount(acct(3), TIERS, [use('2026-10-03', 6_000_001)], OCT);
    expect(amounts(r)).toEqual([['one_time_pack', 3, 3 * 599]]); // ceil(6,000,001 / 2M) = 4 packs held, 1 already
    const idle = rateAccount(acct(3), TIERS, [], OCT);
    expect(idle.lines).toEqual([]);
    expect(idle.paying).toEqual([]);
  });

  it('pay-as-you-go: all billable tokens x 2.5 RMB/M, cumulative rounding per day, cached at 50 %', () => {
    // Day 1: 1,002,000 tokens -> 250.5 -> 251. Day 2: +998,000 = 2,000,000 -> 500, so 249 recognised.
    const r = rateAccount(acct(8), TIERS, [use('2026-10-01', 1_002_000), use('2026-10-02', 0, 998_000)], OCT);
    expect(amounts(r)).toEqual([['payg', 8, 500]]);
    expect(r.days.map((d) => d.paygFen)).toEqual([251, 249]);
    // 1,000,000 all cached at 50 % = 500,000 tokens -> 125 fen.
    expect(amounts(rateAccount(acct(8), TIERS, [use('2026-10-01', 1_000_000, 0, 1_000_000)], OCT))).toEqual([['payg', 8, 125]]);
    expect(rateAccount(acct(8), TIERS, [], OCT).lines).toEqual([]);
  });
});

describe('rating: huge usage and bad input', () => {
  const MAXI = 2_147_483_647;
  const everyDay = Array.from({ length: 31 }, (_, i) => ({ dayMs: OCT.fromMs + i * 86_400_000, tokensIn: MAXI, tokensOut: MAXI, cachedTokens: 0 }));

  it('no overflow or float drift when tokens x price exceeds 2^53', () => {
    // 31 days x 2 x 2,147,483,647 = 133,143,986,114 tokens; x 999,999 fen/M = 133,143,852,970.013886 -> 133,143,852,970.
    const pricey: Tier = { ...TIERS.get(8)!, tier_id: 99, overage_fen_per_mtok: 999_999, cached_rate_pct: 0 };
    const r = rateAccount(acct(99), new Map([[99, pricey]]), everyDay, OCT);
    expect(133_143_986_114 * 999_999).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(amounts(r)).toEqual([['payg', 99, 133_143_852_970]]);
    expect(daysTotal(r)).toBe(133_143_852_970);
  });

  it('huge overage on a monthly plan: (133,143,986,114 - 150M) x 180 / 1M = 23,938,917.50052 -> 23,938,918', () => {
    const r = rateAccount(acct(10), TIERS, everyDay, OCT);
    expect(amounts(r)).toEqual([['subscription', 10, 29990], ['overage', 10, 23_938_918]]);
    expect(daysTotal(r)).toBe(linesTotal(r));
    expect(invoiceTotalsByKind(r.lines)).toEqual({ subscription: 29990, one_time_pack: 0, payg: 0, overage: 23_938_918 });
  });

  it('rejects unknown tiers, non-midnight days and negative tokens with a clear error', () => {
    expect(() => rateAccount(acct(42), TIERS, [], OCT)).toThrow(/unknown tier 42/);
    expect(() => rateAccount(acct(1), TIERS, [{ ...use('2026-10-02', 1), dayMs: day('2026-10-02') + 5 }], OCT)).toThrow(/UTC midnight/);
    expect(() => rateAccount(acct(1), TIERS, [use('2026-10-02', -1)], OCT)).toThrow(/non-negative/);
  });

  it('half-up division helper', () => {
    expect([divHalfUp(3n, 2n), divHalfUp(5n, 2n), divHalfUp(4n, 3n), divHalfUp(0n, 7n)]).toEqual([2n, 3n, 1n, 0n]);
  });
});
