// Reads what experience figures need from the raw facts of a window, per UTC day, lake part by SQL in DuckDB and hot-window
// part in JS, split where FactReader splits (so no row is read twice): per (site, hour) the measured and compliant
// minutes against every SLA target, the service classes served per (site, hour), and tokens per (site, account).
//
// Why not NocService.assurance: it pulls every KPI row into JS (7 days: 10 s, 1.5 GB); DuckDB folds the lake part to
// per-hour counts first. Minutes are additive over hours, so the window's counts are the sum of its hours'. KPI samples
// are stamped at minute starts, so no minute has samples on both sides of the lake / hot-window split.
import type { Tier } from '../../schema/tables.js';
import type { AssuranceWindow } from '../../domain/assurance/latencyAssurance.js';
import { arrowColumns, type FactReader } from '../../pipelines/lake/factReader.js';
import { TIER_MASK_BITS, latencyOkColumn, rollupCoversTargets, uplinkOkColumn, wholeBuckets } from '../../schema/rollups.js';
import { quoteIdent } from '../../schema/duckdbSql.js';

export const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface SlaTargetList { latencyMs: number[]; uplinkMbps: number[] }

export function slaTargets(tiers: readonly Tier[]): SlaTargetList {
  const lat = new Set<number>(), ul = new Set<number>();
  for (const t of tiers) { lat.add(t.latency_sla_ms); if (t.uplink_sla_mbps !== null) ul.add(t.uplink_sla_mbps); }
  return { latencyMs: [...lat].sort((a, b) => a - b), uplinkMbps: [...ul].sort((a, b) => a - b) };
}

/** Minute counts of one site-hour: measured, and compliant per target (indexed like SlaTargetList). */
export interface HourCounts { siteId: number; hourMs: number; measured: number; lat: number[]; ul: number[] }
export interface AccountTokens { tokensIn: number; tokensOut: number; cachedTokens: number }

export interface AssuranceFacts {
  window: AssuranceWindow;
  targets: SlaTargetList;
  hours: Map<string, HourCounts>;
  /** Tiers of the accounts with usage per `${site}|${hourMs}`. */
  hourTiers: Map<string, Set<number>>;
  /** site -> account -> tokens used there in the window. */
  siteAccounts: Map<number, Map<number, AccountTokens>>;
}

export const hourKey = (siteId: number, hourMs: number) => `${siteId}|${hourMs}`;
const num = (x: number) => { if (!Number.isFinite(x)) throw new Error(`not a finite SLA target: ${x}`); return `${x}::DOUBLE`; };
const tsRange = (w: AssuranceWindow, col = 'ts') => `${col} >= make_timestamp_ms(${Math.floor(w.fromMs)}) AND ${col} < make_timestamp_ms(${Math.floor(w.toMs)})`;

function addHour(out: Map<string, HourCounts>, h: HourCounts): void {
  const k = hourKey(h.siteId, h.hourMs);
  const cur = out.get(k);
  if (!cur) { out.set(k, h); return; }
  cur.measured += h.measured;
  h.lat.forEach((v, i) => { cur.lat[i]! += v; });
  h.ul.forEach((v, i) => { cur.ul[i]! += v; });
}
function addTier(out: Map<string, Set<number>>, site: number, hourMs: number, tier: number): void {
  const k = hourKey(site, hourMs);
  let s = out.get(k);
  if (!s) out.set(k, (s = new Set()));
  s.add(tier);
}
function addTokens(out: Map<number, Map<number, AccountTokens>>, site: number, account: number, tin: number, tout: number, cached: number): void {
  let m = out.get(site);
  if (!m) out.set(site, (m = new Map()));
  const t = m.get(account);
  if (t) { t.tokensIn += tin; t.tokensOut += tout; t.cachedTokens += cached; } else m.set(account, { tokensIn: tin, tokensOut: tout, cachedTokens: cached });
}

const DAY_MS = 86_400_000;

/** Per UTC day of a window: the day's facts, created on first use. */
class DayFactsMap {
  readonly days = new Map<number, AssuranceFacts>();
  constructor(private readonly w: AssuranceWindow, private readonly targets: SlaTargetList) {}
  of(ms: number): AssuranceFacts {
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    let f = this.days.get(day);
    if (!f) {
      f = { window: { fromMs: Math.max(day, this.w.fromMs), toMs: Math.min(day + DAY_MS, this.w.toMs) }, targets: this.targets, hours: new Map(), hourTiers: new Map(), siteAccounts: new Map() };
      this.days.set(day, f);
    }
    return f;
  }
}

/**
 * Reads a window's facts split by UTC day (one set of queries for all its days); `tierOfAccount` is the account
 * dimension (the NOC's served classes use it too). Days without any fact come back empty.
 */
export async function readAssuranceDays(
  facts: FactReader, w: AssuranceWindow, tiers: readonly Tier[], tierOfAccount: ReadonlyMap<number, number>,
): Promise<Map<number, AssuranceFacts>> {
  const targets = slaTargets(tiers);
  const out = new DayFactsMap(w, targets);
  for (let day = Math.floor(w.fromMs / DAY_MS) * DAY_MS; day < w.toMs; day += DAY_MS) out.of(Math.max(day, w.fromMs));
  // Both splits are taken synchronously, before any await, like FactReader.columns does.
  // Lake first: everything flushed is read from the lake's rollups (raw rows only at edges), memory holds the rest.
  const kpiSplit = facts.splitLakeFirst('kpi', w, ['site_id', 'ts', 'latency_ms', 'ul_mbps']);
  const usageSplit = facts.splitLakeFirst('usage', w, ['site_id', 'account_id', 'ts', 'tokens_in', 'tokens_out', 'cached_tokens']);
  if (kpiSplit.lake) await lakeKpi(facts, kpiSplit.lake as AssuranceWindow, targets, out);
  if (usageSplit.lake) await lakeUsage(facts, usageSplit.lake as AssuranceWindow, out, new Set(tiers.map((t) => t.tier_id)));
  // One pass over all hot slices: a minute's samples may sit in two chunks.
  const hotCols = ['site_id', 'ts', 'latency_ms', 'ul_mbps'];
  const merged: Record<string, number[]> = Object.fromEntries(hotCols.map((c) => [c, [] as number[]]));
  for (const t of kpiSplit.hot) {
    const c = arrowColumns(t, hotCols) as Record<string, number[]>;
    for (const k of hotCols) for (const v of c[k]!) merged[k]!.push(v);
  }
  hotKpi(merged, w, targets, out);
  for (const t of usageSplit.hot) {
    const c = arrowColumns(t, ['site_id', 'account_id', 'ts', 'tokens_in', 'tokens_out', 'cached_tokens']) as Record<string, number[]>;
    for (let i = 0; i < c.ts!.length; i++) {
      const ts = c.ts![i]!;
      if (ts < w.fromMs || ts >= w.toMs) continue;
      const site = c.site_id![i]!, account = c.account_id![i]!;
      const day = out.of(ts);
      const tier = tierOfAccount.get(account);
      if (tier !== undefined) addTier(day.hourTiers, site, Math.floor(ts / HOUR_MS) * HOUR_MS, tier);
      addTokens(day.siteAccounts, site, account, c.tokens_in![i]!, c.tokens_out![i]!, c.cached_tokens![i]!);
    }
  }
  return out.days;
}

/**
 * Per (site, hour) minute counts of a lake range: whole 5-minute buckets from the kpi_5m rollup when it counts every
 * target, the edges (and everything when it does not) from raw rows. Parts of one hour are added by addHour.
 */
async function lakeKpi(facts: FactReader, w: AssuranceWindow, targets: SlaTargetList, out: DayFactsMap): Promise<void> {
  const buckets = rollupCoversTargets(targets) ? wholeBuckets(w.fromMs, w.toMs, 5 * MINUTE_MS) : null;
  const rawRanges = buckets
    ? [{ fromMs: w.fromMs, toMs: buckets.wholeFromMs }, { fromMs: buckets.wholeToMs, toMs: w.toMs }].filter((x) => x.toMs > x.fromMs)
    : [w];
  if (buckets) {
    const cols = [
      ...targets.latencyMs.map((t, i) => `sum(${quoteIdent(latencyOkColumn(t))})::DOUBLE AS l${i}`),
      ...targets.uplinkMbps.map((t, i) => `sum(${quoteIdent(uplinkOkColumn(t))})::DOUBLE AS u${i}`),
    ];
    await addHourRows(out, targets, await facts.lake.queryColumns(`
      SELECT site_id::DOUBLE AS site, (epoch_ms(ts) // ${HOUR_MS} * ${HOUR_MS})::DOUBLE AS hour, sum(minutes)::DOUBLE AS measured${cols.length ? ', ' + cols.join(', ') : ''}
      FROM ${await facts.lake.rollupSource('kpi_5m')} WHERE ${tsRange({ fromMs: buckets.wholeFromMs, toMs: buckets.wholeToMs })} GROUP BY 1, 2`));
  }
  const src = await facts.lake.source('kpi');
  const cols = [
    ...targets.latencyMs.map((t, i) => `count(*) FILTER (WHERE lat <= ${num(t)})::DOUBLE AS l${i}`),
    ...targets.uplinkMbps.map((t, i) => `count(*) FILTER (WHERE ul >= ${num(t)})::DOUBLE AS u${i}`),
  ];
  for (const range of rawRanges) {
    await addHourRows(out, targets, await facts.lake.queryColumns(`
      WITH k AS (SELECT site_id, (epoch_ms(ts) // ${MINUTE_MS})::BIGINT AS m, max(latency_ms) AS lat, min(ul_mbps) AS ul
        FROM ${src} WHERE ${tsRange(range)} GROUP BY 1, 2)
      SELECT site_id::DOUBLE AS site, ((m // 60) * ${HOUR_MS})::DOUBLE AS hour, count(*)::DOUBLE AS measured${cols.length ? ', ' + cols.join(', ') : ''}
      FROM k GROUP BY 1, 2`));
  }
}

async function addHourRows(out: DayFactsMap, targets: SlaTargetList, r: Record<string, unknown[]>): Promise<void> {
  const site = r.site as number[], hour = r.hour as number[], measured = r.measured as number[];
  for (let i = 0; i < site.length; i++) {
    if (i % 20_000 === 0) await yieldTurn();
    addHour(out.of(hour[i]!).hours, {
      siteId: site[i]!, hourMs: hour[i]!, measured: measured[i]!,
      lat: targets.latencyMs.map((_, j) => (r[`l${j}`] as number[])[i]!),
      ul: targets.uplinkMbps.map((_, j) => (r[`u${j}`] as number[])[i]!),
    });
  }
}

/** Lets other requests run while large results are folded into maps. */
const yieldTurn = () => new Promise<void>((r) => setImmediate(r));

/** A lake range cut into the whole buckets of a grain (answered by a rollup) and the raw edges either side. */
function splitByGrain(w: AssuranceWindow, grainMs: number): { whole: AssuranceWindow | null; edges: AssuranceWindow[] } {
  const b = wholeBuckets(w.fromMs, w.toMs, grainMs);
  if (!b) return { whole: null, edges: [w] };
  return {
    whole: { fromMs: b.wholeFromMs, toMs: b.wholeToMs },
    edges: [{ fromMs: w.fromMs, toMs: b.wholeFromMs }, { fromMs: b.wholeToMs, toMs: w.toMs }].filter((x) => x.toMs > x.fromMs),
  };
}

/**
 * Tiers served per site-hour (a bit set: tier ids are small) and tokens per (day, site, account) of a lake range:
 * whole hours from usage_site_hour's tier mask, whole days from usage_site_account_day, raw rows at the edges.
 */
async function lakeUsage(facts: FactReader, w: AssuranceWindow, out: DayFactsMap, tierIds: ReadonlySet<number>): Promise<void> {
  const [usage, account] = await Promise.all([facts.lake.source('usage'), facts.lake.source('account')]);
  const maxTier = Math.max(-1, ...[...tierIds]);
  if (maxTier < TIER_MASK_BITS) {
    const hours = splitByGrain(w, HOUR_MS);
    const parts = hours.edges.map((e) => `
      SELECT u.site_id::DOUBLE AS site, ((epoch_ms(u.ts) // ${HOUR_MS}) * ${HOUR_MS})::DOUBLE AS hour, bit_or((1::BIGINT) << a.tier_id)::DOUBLE AS tiers
      FROM ${usage} u JOIN ${account} a USING (account_id) WHERE ${tsRange(e, 'u.ts')} GROUP BY 1, 2`);
    if (hours.whole) {
      parts.push(`SELECT site_id::DOUBLE AS site, epoch_ms(ts)::DOUBLE AS hour, bit_or(tier_mask)::DOUBLE AS tiers
        FROM ${await facts.lake.rollupSource('usage_site_hour')} WHERE ${tsRange(hours.whole)} GROUP BY 1, 2`);
    }
    for (const sql of parts) {
      const served = await facts.lake.queryColumns(sql);
      const s = served.site as number[], h = served.hour as number[], m = served.tiers as number[];
      for (let i = 0; i < s.length; i++) {
        if (i % 20_000 === 0) await yieldTurn();
        for (let mask = m[i]!, t = 0; mask > 0; t++, mask = Math.floor(mask / 2)) if (mask % 2 === 1) addTier(out.of(h[i]!).hourTiers, s[i]!, h[i]!, t);
      }
    }
  } else {
    const served = await facts.lake.queryColumns(`
      SELECT DISTINCT u.site_id::DOUBLE AS site, ((epoch_ms(u.ts) // ${HOUR_MS}) * ${HOUR_MS})::DOUBLE AS hour, a.tier_id::DOUBLE AS tier
      FROM ${usage} u JOIN ${account} a USING (account_id) WHERE ${tsRange(w, 'u.ts')}`);
    const s = served.site as number[], h = served.hour as number[], t = served.tier as number[];
    for (let i = 0; i < s.length; i++) {
      if (i % 20_000 === 0) await yieldTurn();
      addTier(out.of(h[i]!).hourTiers, s[i]!, h[i]!, t[i]!);
    }
  }
  const days = splitByGrain(w, DAY_MS);
  const sources = days.edges.map((e) => `SELECT ts, site_id, account_id, tokens_in, tokens_out, cached_tokens FROM ${usage} WHERE ${tsRange(e)}`);
  if (days.whole) {
    sources.push(`SELECT ts, site_id, account_id, tokens_in, tokens_out, cached_tokens FROM ${await facts.lake.rollupSource('usage_site_account_day')}
      WHERE ${tsRange(days.whole)}`);
  }
  const tok = await facts.lake.queryColumns(`
    SELECT ((epoch_ms(ts) // ${DAY_MS}) * ${DAY_MS})::DOUBLE AS day, site_id::DOUBLE AS site, account_id::DOUBLE AS account,
      sum(tokens_in)::DOUBLE AS tin, sum(tokens_out)::DOUBLE AS tout, sum(cached_tokens)::DOUBLE AS cached
    FROM (${sources.join(' UNION ALL ')}) GROUP BY 1, 2, 3`);
  const day = tok.day as number[], site = tok.site as number[], acc = tok.account as number[];
  const tin = tok.tin as number[], tout = tok.tout as number[], cached = tok.cached as number[];
  for (let i = 0; i < site.length; i++) {
    if (i % 20_000 === 0) await yieldTurn();
    addTokens(out.of(day[i]!).siteAccounts, site[i]!, acc[i]!, tin[i]!, tout[i]!, cached[i]!);
  }
}

/** The JS twin of the lake query for hot-window slices (the worst sample per site-minute, then per-hour counts). */
function hotKpi(c: Record<string, number[]>, w: AssuranceWindow, targets: SlaTargetList, out: DayFactsMap): void {
  const perMinute = new Map<string, { site: number; m: number; lat: number; ul: number }>();
  for (let i = 0; i < c.ts!.length; i++) {
    const ts = c.ts![i]!;
    if (ts < w.fromMs || ts >= w.toMs) continue;
    const site = c.site_id![i]!, m = Math.floor(ts / MINUTE_MS);
    const k = `${site}|${m}`;
    const cur = perMinute.get(k);
    const lat = c.latency_ms![i]!, ul = c.ul_mbps![i]!;
    if (!cur) perMinute.set(k, { site, m, lat, ul });
    else { cur.lat = Math.max(cur.lat, lat); cur.ul = Math.min(cur.ul, ul); }
  }
  for (const v of perMinute.values()) {
    const hourMs = Math.floor((v.m * MINUTE_MS) / HOUR_MS) * HOUR_MS;
    addHour(out.of(hourMs).hours, {
      siteId: v.site, hourMs, measured: 1,
      lat: targets.latencyMs.map((t) => (v.lat <= t ? 1 : 0)),
      ul: targets.uplinkMbps.map((t) => (v.ul >= t ? 1 : 0)),
    });
  }
}
