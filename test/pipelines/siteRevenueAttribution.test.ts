// Attribution of rated account revenue to sites by billable tokens, on a tiny case worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  attributeAccountRevenue, siteAccountTokens, siteAccountTokensFromSums, siteTierRevenue,
} from '../../pipelines/assurance/siteRevenueAttribution.js';

const T0 = Date.UTC(2026, 0, 15, 10, 0);
const w = { fromMs: T0, toMs: T0 + 3_600_000 };

/** Usage events as columns: [site, account, minutesAfterT0, tokens_in, tokens_out, cached]. */
function usage(rows: Array<[number, number, number, number, number, number]>) {
  return {
    site_id: rows.map((r) => r[0]), account_id: rows.map((r) => r[1]), ts: rows.map((r) => T0 + r[2] * 60_000),
    tokens_in: rows.map((r) => r[3]), tokens_out: rows.map((r) => r[4]), cached_tokens: rows.map((r) => r[5]),
  };
}

describe('site revenue attribution', () => {
  const events = usage([
    // account 1 (cached at 25 %): site 10 = (1000 - 400) + 200 + 400 x 25 % = 900 tokens, in two events (600 + 300)
    [10, 1, 0, 700, 100, 400], [10, 1, 5, 300, 100, 0],
    // site 20 = 300 tokens; an event after the window (minute 60) does not count
    [20, 1, 1, 300, 0, 0], [20, 1, 60, 9_999, 0, 0],
    // account 2 (cached at 100 %): 100 tokens at each of sites 1, 2, 3
    [3, 2, 0, 50, 50, 0], [1, 2, 0, 100, 0, 20], [2, 2, 0, 0, 100, 0],
    // account 3: usage rows without tokens at sites 5 and 6
    [6, 3, 0, 0, 0, 0], [5, 3, 1, 0, 0, 0],
    // account 4: served at site 10, no rated revenue in the window
    [10, 4, 2, 50, 50, 0],
    // account 9: unknown tier, left out
    [10, 9, 2, 50, 50, 0],
  ]);
  const pct = new Map([[1, 25], [2, 100], [3, 100], [4, 100]]);

  it('sums billable centi-tokens per (site, account) inside the window', () => {
    expect(siteAccountTokens(w, events, pct).map((x) => [x.siteId, x.accountId, Number(x.billableCentiTokens)])).toEqual([
      [1, 2, 10_000], [2, 2, 10_000], [3, 2, 10_000], [5, 3, 0], [6, 3, 0], [10, 1, 90_000], [10, 4, 10_000], [20, 1, 30_000],
    ]);
  });

  it('splits each account exactly: floors, then leftover fen by largest remainder, ties to the lower site id', () => {
    const revenue = new Map([[1, 101], [2, 10], [3, 7]]);
    const out = attributeAccountRevenue(siteAccountTokens(w, events, pct), revenue);
    expect(out.map((x) => [x.siteId, x.accountId, x.revenueFen])).toEqual([
      [1, 2, 4], // account 2: 10 x 1/3 = 3.33 at each site; the 1 fen left goes to the lowest site id
      [2, 2, 3],
      [3, 2, 3],
      [5, 3, 4], // account 3: no billable tokens -> even split 3.5 / 3.5; the leftover fen to site 5
      [6, 3, 3],
      [10, 1, 76], // account 1: 101 x 900/1200 = 75.75 (remainder .75 beats .25) -> 76
      [10, 4, 0], // account 4: no revenue
      [20, 1, 25], // 101 x 300/1200 = 25.25 -> 25
    ]);
    // Per (site, tier): accounts 1 and 4 on tier 7, accounts 2 and 3 on tier 8.
    const tiers = new Map([[1, 7], [2, 8], [3, 8], [4, 7]]);
    expect(siteTierRevenue(out, tiers)).toEqual([
      { siteId: 1, tierId: 8, revenueFen: 4 }, { siteId: 2, tierId: 8, revenueFen: 3 }, { siteId: 3, tierId: 8, revenueFen: 3 },
      { siteId: 5, tierId: 8, revenueFen: 4 }, { siteId: 6, tierId: 8, revenueFen: 3 },
      { siteId: 10, tierId: 7, revenueFen: 76 }, { siteId: 20, tierId: 7, revenueFen: 25 },
    ]);
  });

  it('gives the same billable tokens from per-(site, account) sums of parts of the window, capping cached at the pair total', () => {
    // The events above summed in two parts, e.g. account 1 at site 10: A 700 in / 100 out / 400 cached, B 300 / 100 / 0 -> 900
    // tokens as over the raw events (account 9, unknown tier, still left out; the event after the window is in no part).
    const partA = { site_id: [10, 20, 1, 6, 10], account_id: [1, 1, 2, 3, 9], tokens_in: [700, 300, 100, 0, 50], tokens_out: [100, 0, 0, 0, 50], cached_tokens: [400, 0, 20, 0, 0] };
    const partB = { site_id: [10, 3, 2, 5, 10], account_id: [1, 2, 2, 3, 4], tokens_in: [300, 50, 0, 0, 50], tokens_out: [100, 50, 100, 0, 50], cached_tokens: [0, 0, 0, 0, 0] };
    expect(siteAccountTokensFromSums([partA, partB], pct)).toEqual(siteAccountTokens(w, events, pct));
    // A part with more cached than input tokens is capped at the pair's total only: 900 cached of 1000 in -> 100 x 100 + 900 x 25.
    const capped = siteAccountTokensFromSums([
      { site_id: [7], account_id: [1], tokens_in: [100], tokens_out: [0], cached_tokens: [900] },
      { site_id: [7], account_id: [1], tokens_in: [900], tokens_out: [0], cached_tokens: [0] },
    ], pct);
    expect(capped).toEqual([{ siteId: 7, accountId: 1, billableCentiTokens: 100n * 100n + 900n * 25n }]);
  });

  it('refuses revenue that is not integer fen', () => {
    expect(() => attributeAccountRevenue([{ siteId: 1, accountId: 1, billableCentiTokens: 1n }], new Map([[1, 1.5]]))).toThrow(/integer fen/);
  });
});
