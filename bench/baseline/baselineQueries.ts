// The same dashboard queries as bench/queries/dashboardQueries.ts, written as careful plain JavaScript over typed columns.
import type { QueryName, QueryParams } from '../queries/dashboardQueries.js';
import { numCol, strCol, type ColumnarDataset } from './columnarData.js';

export type ResultRow = Record<string, number | string>;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function hourlyTokens(d: ColumnarDataset): ResultRow[] {
  const u = d.usage;
  const ts = numCol(u, 'ts'), tin = numCol(u, 'tokens_in'), tout = numCol(u, 'tokens_out');
  const sums = new Map<number, number>();
  for (let i = 0; i < u.rows; i++) {
    const h = ts[i]! - (ts[i]! % HOUR_MS);
    sums.set(h, (sums.get(h) ?? 0) + tin[i]! + tout[i]!);
  }
  return [...sums].sort((a, b) => a[0] - b[0]).map(([hourMs, tokens]) => ({ hourMs, tokens }));
}

/** DuckDB's quantile_cont: linear interpolation between the order statistics around (n - 1) * q. */
function quantileCont(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  const a = sorted[lo]!, b = sorted[hi]!;
  return lo === hi ? a : a + (b - a) * (pos - lo);
}

function siteP95(d: ColumnarDataset, p: QueryParams): ResultRow[] {
  const k = d.kpi;
  const ts = numCol(k, 'ts'), site = numCol(k, 'site_id'), lat = numCol(k, 'latency_ms');
  let maxSite = 0;
  for (let i = 0; i < k.rows; i++) if (site[i]! > maxSite) maxSite = site[i]!;
  // Counting sort by site: one pass to size groups, one to fill, then sort each group in place.
  const count = new Uint32Array(maxSite + 2);
  const ok = new Uint32Array(maxSite + 1);
  for (let i = 0; i < k.rows; i++) if (ts[i]! >= p.sinceMs) count[site[i]! + 1]!++;
  for (let s = 1; s < count.length; s++) count[s]! += count[s - 1]!;
  const start = count.slice(0, maxSite + 1);
  const fill = start.slice();
  const vals = new Float64Array(count[maxSite + 1]!);
  for (let i = 0; i < k.rows; i++) {
    if (ts[i]! < p.sinceMs) continue;
    const s = site[i]!;
    vals[fill[s]!++] = lat[i]!;
    if (lat[i]! <= p.slaMs) ok[s]!++;
  }
  const out: ResultRow[] = [];
  for (let s = 0; s <= maxSite; s++) {
    const a = start[s]!, b = fill[s]!;
    if (b === a) continue;
    const g = vals.subarray(a, b).sort();
    out.push({ site_id: s, p95_ms: quantileCont(g, 0.95), minutes: b - a, assurance: ok[s]! / (b - a) });
  }
  return out;
}

function daysInMonthUtc(dayMs: number): number {
  const dt = new Date(dayMs);
  return new Date(Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 0)).getUTCDate();
}

interface FenAcc { fen: number; paying: number }

/** Walks every owed account-day (same rules as the SQL's accountDayFenCte) and hands its fen to `sink`. */
function forEachAccountDayFen(d: ColumnarDataset, p: QueryParams,
  sink: (dayMs: number, tierId: number, segment: string, fen: number) => void): number {
  const u = d.usage, a = d.account, t = d.tier;
  const uts = numCol(u, 'ts'), uacc = numCol(u, 'account_id'), tin = numCol(u, 'tokens_in'), tout = numCol(u, 'tokens_out'), cached = numCol(u, 'cached_tokens');
  const dayIndex = new Map<number, number>();
  for (let i = 0; i < u.rows; i++) {
    if (uts[i]! < p.sinceMs) continue;
    const day = uts[i]! - (uts[i]! % DAY_MS);
    if (!dayIndex.has(day)) dayIndex.set(day, -1);
  }
  const days = [...dayIndex.keys()].sort((x, y) => x - y);
  days.forEach((day, i) => dayIndex.set(day, i));
  const nDays = days.length;
  const aid = numCol(a, 'account_id');
  let maxAcc = 0;
  for (let i = 0; i < a.rows; i++) if (aid[i]! > maxAcc) maxAcc = aid[i]!;
  for (let i = 0; i < u.rows; i++) if (uacc[i]! > maxAcc) maxAcc = uacc[i]!;
  // Dense (account, day) cells: full-rate tokens, cached tokens, and whether the account used anything.
  const cells = (maxAcc + 1) * nDays;
  const full = new Float64Array(cells), cach = new Float64Array(cells), used = new Uint8Array(cells);
  for (let i = 0; i < u.rows; i++) {
    if (uts[i]! < p.sinceMs) continue;
    const c = uacc[i]! * nDays + dayIndex.get(uts[i]! - (uts[i]! % DAY_MS))!;
    full[c]! += tin[i]! + tout[i]! - cached[i]!;
    cach[c]! += cached[i]!;
    used[c] = 1;
  }
  const tierById = new Map<number, number>();
  const tid = numCol(t, 'tier_id');
  for (let i = 0; i < t.rows; i++) tierById.set(tid[i]!, i);
  const tKind = strCol(t, 'kind'), tFee = numCol(t, 'monthly_fee_fen'), tIncl = numCol(t, 'included_tokens'),
    tOver = numCol(t, 'overage_fen_per_mtok'), tPct = numCol(t, 'cached_rate_pct');
  const aTier = numCol(a, 'tier_id'), aSignup = numCol(a, 'signup_date'), aSeg = strCol(a, 'segment');
  const dim = days.map(daysInMonthUtc);
  for (let i = 0; i < a.rows; i++) {
    const ti = tierById.get(aTier[i]!);
    if (ti === undefined) continue;
    const kind = tKind[ti]!, fee = tFee[ti]!, incl = tIncl[ti]!, over = tOver[ti]!, pct = tPct[ti]!;
    for (let di = 0; di < nDays; di++) {
      const c = aid[i]! * nDays + di;
      const day = days[di]!;
      const monthly = kind === 'monthly';
      if (!used[c] && !(monthly && aSignup[i]! <= day)) continue;
      const billable = full[c]! + cach[c]! * pct / 100;
      const fen = monthly ? fee / dim[di]! + Math.max(billable - incl / dim[di]!, 0) * over / 1e6
        : kind === 'one_time' ? Math.ceil(billable / incl) * fee
          : billable * over / 1e6;
      sink(day, aTier[i]!, aSeg[i]!, fen);
    }
  }
  return nDays;
}

const halfUp = (x: number) => Math.floor(x + 0.5);

function revenueByTierDay(d: ColumnarDataset, p: QueryParams): ResultRow[] {
  const acc = new Map<string, FenAcc & { dayMs: number; tierId: number }>();
  forEachAccountDayFen(d, p, (dayMs, tierId, _seg, fen) => {
    const key = `${dayMs}|${tierId}`;
    let g = acc.get(key);
    if (!g) acc.set(key, (g = { dayMs, tierId, fen: 0, paying: 0 }));
    g.fen += fen;
    if (fen > 0) g.paying++;
  });
  return [...acc.values()].sort((x, y) => x.dayMs - y.dayMs || x.tierId - y.tierId)
    .map((g) => ({ dayMs: g.dayMs, tier_id: g.tierId, revenue_fen: halfUp(g.fen), paying: g.paying }));
}

function arpuBySegment(d: ColumnarDataset, p: QueryParams): ResultRow[] {
  const acc = new Map<string, FenAcc>();
  const nDays = forEachAccountDayFen(d, p, (_day, _tier, segment, fen) => {
    let g = acc.get(segment);
    if (!g) acc.set(segment, (g = { fen: 0, paying: 0 }));
    g.fen += fen;
    if (fen > 0) g.paying++;
  });
  return [...acc].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([segment, g]) => {
    const avgPaying = g.paying / nDays;
    return { segment, revenue_fen: halfUp(g.fen), avg_paying: avgPaying, arpu_fen: halfUp(g.fen) / avgPaying };
  });
}

function filteredSlice(d: ColumnarDataset, p: QueryParams): ResultRow[] {
  const s = d.site, k = d.kpi;
  const inProvince = new Set<number>();
  const sid = numCol(s, 'site_id'), prov = strCol(s, 'province');
  for (let i = 0; i < s.rows; i++) if (prov[i] === p.province) inProvince.add(sid[i]!);
  const ts = numCol(k, 'ts'), site = numCol(k, 'site_id'), lat = numCol(k, 'latency_ms'), loss = numCol(k, 'loss_pct'), prb = numCol(k, 'prb_util');
  const hits: number[] = [];
  for (let i = 0; i < k.rows; i++) {
    if (ts[i]! >= p.sliceFromMs && lat[i]! > p.slaMs && inProvince.has(site[i]!)) hits.push(i);
  }
  hits.sort((x, y) => lat[y]! - lat[x]! || ts[x]! - ts[y]! || site[x]! - site[y]!);
  return hits.slice(0, p.sliceLimit).map((i) => ({ tsMs: ts[i]!, site_id: site[i]!, latency_ms: lat[i]!, loss_pct: loss[i]!, prb_util: prb[i]! }));
}

export function runBaselineQuery(name: QueryName, d: ColumnarDataset, p: QueryParams): ResultRow[] {
  switch (name) {
    case 'hourly_tokens': return hourlyTokens(d);
    case 'site_p95_latency': return siteP95(d, p);
    case 'revenue_by_tier_day': return revenueByTierDay(d, p);
    case 'arpu_by_segment': return arpuBySegment(d, p);
    case 'filtered_slice': return filteredSlice(d, p);
  }
}
