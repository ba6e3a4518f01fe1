// Attributes each account's rated revenue over a window to the sites that served it, by its share of billable tokens there.
//
// Rule (README "NOC live map"): an account's revenue over the window (from the rating, integer fen)
// is split over the sites where it had usage in the window in proportion to its billable tokens
// served at each site (billable as the rating counts them: cached input at the tier's rate). The
// split is exact: each site gets floor(R x share), and the fen left over go one each to the sites with
// the largest remainders (ties: lower site_id first), so an account's sites sum to its revenue. An
// account with usage but no billable tokens in the window is split evenly over its sites.
import type { AssuranceWindow } from '../../domain/assurance/latencyAssurance.js';
import { billableCentiTokens } from '../rating/rateAccount.js';
import type { SiteTierRevenue } from '../../domain/assurance/revenueAtRisk.js';

/** Billable tokens (x 100, exact) one account used at one site in the window. */
export interface SiteAccountTokens { siteId: number; accountId: number; billableCentiTokens: bigint }

/** Revenue (fen) of one account attributed to one site. */
export interface SiteAccountRevenue { siteId: number; accountId: number; revenueFen: number }

/** Usage already summed per (site, account), e.g. by SQL over part of a window; a pair may appear in several parts. */
export interface SiteAccountTokenSums {
  site_id: ArrayLike<number>; account_id: ArrayLike<number>;
  tokens_in: ArrayLike<number>; tokens_out: ArrayLike<number>; cached_tokens: ArrayLike<number>;
}

/** Usage events (or rows of them) with their time. */
export interface UsageTokenColumns extends SiteAccountTokenSums { ts: ArrayLike<number> }

interface PairSums { siteId: number; accountId: number; tokensIn: number; tokensOut: number; cachedTokens: number }

/** Adds rows (events or partial sums) into per-(site, account) sums; `keep(i)` selects the rows. Integer sums, so any order gives the same. */
function addPairSums(sums: Map<string, PairSums>, rows: SiteAccountTokenSums, keep: (i: number) => boolean): void {
  for (let i = 0; i < rows.site_id.length; i++) {
    if (!keep(i)) continue;
    const siteId = rows.site_id[i]!, accountId = rows.account_id[i]!;
    const key = `${siteId}|${accountId}`;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { siteId, accountId, tokensIn: 0, tokensOut: 0, cachedTokens: 0 }));
    s.tokensIn += rows.tokens_in[i]!;
    s.tokensOut += rows.tokens_out[i]!;
    s.cachedTokens += rows.cached_tokens[i]!;
  }
}

/** Billable centi-tokens of each pair at its account's cached rate; accounts without a known tier are left out. */
function billablePairs(sums: Iterable<PairSums>, cachedRatePctOfAccount: ReadonlyMap<number, number>): SiteAccountTokens[] {
  const out: SiteAccountTokens[] = [];
  for (const s of sums) {
    const pct = cachedRatePctOfAccount.get(s.accountId);
    if (pct === undefined) continue;
    out.push({ siteId: s.siteId, accountId: s.accountId, billableCentiTokens: billableCentiTokens(s, pct) });
  }
  return out.sort((a, b) => a.siteId - b.siteId || a.accountId - b.accountId);
}

/**
 * Sums usage events of the window per (site, account) into billable centi-tokens, at the cached rate
 * of each account's tier. Accounts without a known tier are left out (ingest rejects them anyway).
 */
export function siteAccountTokens(w: AssuranceWindow, usage: UsageTokenColumns, cachedRatePctOfAccount: ReadonlyMap<number, number>): SiteAccountTokens[] {
  const sums = new Map<string, PairSums>();
  addPairSums(sums, usage, (i) => usage.ts[i]! >= w.fromMs && usage.ts[i]! < w.toMs);
  return billablePairs(sums.values(), cachedRatePctOfAccount);
}

/**
 * The same as siteAccountTokens over a window's events, from per-(site, account) sums of parts of it (e.g. the lake
 * part summed in SQL and the hot part in TS): the cached-token cap applies to the pair's total, as over the raw events.
 */
export function siteAccountTokensFromSums(parts: readonly SiteAccountTokenSums[], cachedRatePctOfAccount: ReadonlyMap<number, number>): SiteAccountTokens[] {
  const sums = new Map<string, PairSums>();
  for (const p of parts) addPairSums(sums, p, () => true);
  return billablePairs(sums.values(), cachedRatePctOfAccount);
}

/** Splits each served account's revenue over its sites (largest remainder, exact); accounts without revenue get 0. */
export function attributeAccountRevenue(usage: readonly SiteAccountTokens[], accountRevenueFen: ReadonlyMap<number, number>): SiteAccountRevenue[] {
  const byAccount = new Map<number, SiteAccountTokens[]>();
  for (const u of usage) {
    const l = byAccount.get(u.accountId);
    if (l) l.push(u); else byAccount.set(u.accountId, [u]);
  }
  const out: SiteAccountRevenue[] = [];
  for (const [accountId, sites] of byAccount) {
    const revenue = accountRevenueFen.get(accountId) ?? 0;
    if (!Number.isSafeInteger(revenue) || revenue < 0) throw new RangeError(`account ${accountId}: revenue ${revenue} is not a non-negative integer fen`);
    const total = sites.reduce((n, s) => n + s.billableCentiTokens, 0n);
    const weight = (s: SiteAccountTokens) => (total > 0n ? s.billableCentiTokens : 1n);
    const den = total > 0n ? total : BigInt(sites.length);
    const R = BigInt(revenue);
    const shares = sites.map((s) => ({ s, floor: (R * weight(s)) / den, rem: (R * weight(s)) % den }));
    let left = R - shares.reduce((n, x) => n + x.floor, 0n);
    // Largest remainder first; equal remainders go to the lower site id so the split is deterministic.
    const order = [...shares].sort((a, b) => (a.rem === b.rem ? a.s.siteId - b.s.siteId : a.rem > b.rem ? -1 : 1));
    for (const x of order) {
      if (left === 0n) break;
      x.floor += 1n;
      left -= 1n;
    }
    for (const x of shares) out.push({ siteId: x.s.siteId, accountId, revenueFen: Number(x.floor) });
  }
  return out.sort((a, b) => a.siteId - b.siteId || a.accountId - b.accountId);
}

/** Sums attributed revenue per (site, tier of the account); every served (site, tier) pair gets a row, zero included. */
export function siteTierRevenue(attributed: readonly SiteAccountRevenue[], tierOfAccount: ReadonlyMap<number, number>): SiteTierRevenue[] {
  const sum = new Map<string, SiteTierRevenue>();
  for (const r of attributed) {
    const tierId = tierOfAccount.get(r.accountId);
    if (tierId === undefined) continue;
    const k = `${r.siteId}|${tierId}`;
    const x = sum.get(k);
    if (x) x.revenueFen += r.revenueFen; else sum.set(k, { siteId: r.siteId, tierId, revenueFen: r.revenueFen });
  }
  return [...sum.values()].sort((a, b) => a.siteId - b.siteId || a.tierId - b.tierId);
}
