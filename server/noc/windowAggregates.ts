// Reduces a window's KPI and usage facts to the small aggregates the NOC's assurance and revenue attribution need
// (minute totals per site, token sums per (site, account), the last minutes' raw samples), so no request holds the
// window's rows: the lake part is reduced in DuckDB (the assurance SQL twin), the hot part in one pass over its Arrow slices.
import type { RecordBatch, Table } from 'apache-arrow';
import type { Tier } from '../../schema/tables.js';
import type { FactRange, FactReader } from '../../pipelines/lake/factReader.js';
import {
  latAlias, siteMinuteCountsSql, ulAlias, type SiteMinuteCountsRow,
} from '../../domain/assurance/assuranceSql.js';
import {
  recentSamplesFromMs, servedClassesBySite, type AccountTiers, type KpiColumns, type SiteMinuteTotals,
} from '../../domain/assurance/fleetAssurance.js';
import {
  DEFAULT_ASSURANCE_POLICY, MINUTE_MS, countSiteMinutes, type AssurancePolicy, type AssuranceWindow, type ServedClass,
} from '../../domain/assurance/latencyAssurance.js';
import type { SiteAccountTokenSums } from '../../pipelines/assurance/siteRevenueAttribution.js';
import { latencyOkColumn, rollupCoversTargets, uplinkOkColumn, wholeBuckets } from '../../schema/rollups.js';
import { quoteIdent } from '../../schema/duckdbSql.js';

/** A window read at one hot-window seq, so every part of one request sees the same batches. */
export interface WindowRange extends AssuranceWindow { atSeq?: number | undefined }

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 5 * MINUTE_MS;

function tsBetween(fromMs: number, toMs: number): string {
  return `ts >= make_timestamp_ms(${Math.floor(fromMs)}) AND ts < make_timestamp_ms(${Math.floor(toMs)})`;
}
const KPI_COLUMNS = ['site_id', 'ts', 'latency_ms', 'ul_mbps'] as const;
const USAGE_SUM_COLUMNS = ['site_id', 'account_id', 'tokens_in', 'tokens_out', 'cached_tokens'] as const;

/** One numeric column of a batch as numbers (zero-copy for int32 / float64; epoch ms for timestamps). */
function numbersOf(b: RecordBatch, name: string): ArrayLike<number> {
  const v = b.getChild(name);
  if (!v) throw new Error(`no column ${name}`);
  // The table specs make these columns non-null and ingest enforces it; a null would be read as 0.
  if (v.nullCount) throw new Error(`column ${name}: unexpected nulls in the hot window`);
  const a = v.toArray() as ArrayLike<number> | BigInt64Array;
  return a instanceof BigInt64Array ? Float64Array.from(a, Number) : a;
}

function batchesOf(tables: readonly Table[]): RecordBatch[] {
  return tables.flatMap((t) => t.batches);
}

// ---------------------------------------------------------------------------------------------------------------
// Usage: billable token sums per (site, account)

/** Token sums per (site, account) of the hot part's usage rows. */
function hotPairSums(tables: readonly Table[]): SiteAccountTokenSums {
  const index = new Map<number, Map<number, number>>();
  const out = { site_id: [] as number[], account_id: [] as number[], tokens_in: [] as number[], tokens_out: [] as number[], cached_tokens: [] as number[] };
  for (const b of batchesOf(tables)) {
    const [site, account, tin, tout, cached] = USAGE_SUM_COLUMNS.map((c) => numbersOf(b, c)) as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
    for (let i = 0; i < b.numRows; i++) {
      let bySite = index.get(site[i]!);
      if (!bySite) index.set(site[i]!, (bySite = new Map()));
      let k = bySite.get(account[i]!);
      if (k === undefined) {
        bySite.set(account[i]!, (k = out.site_id.length));
        out.site_id.push(site[i]!); out.account_id.push(account[i]!);
        out.tokens_in.push(0); out.tokens_out.push(0); out.cached_tokens.push(0);
      }
      out.tokens_in[k] = out.tokens_in[k]! + tin[i]!;
      out.tokens_out[k] = out.tokens_out[k]! + tout[i]!;
      out.cached_tokens[k] = out.cached_tokens[k]! + cached[i]!;
    }
  }
  return out;
}

const PAIR_SUMS = 'sum(tokens_in)::DOUBLE AS tokens_in, sum(tokens_out)::DOUBLE AS tokens_out, sum(cached_tokens)::DOUBLE AS cached_tokens';

/**
 * Usage of the window as token sums per (site, account), one part per store (a pair may be in several): all that
 * servedClassesBySite and siteAccountTokensFromSums need. Integer sums, exact as doubles (< 2^53). The lake part reads
 * whole UTC days from the usage_site_account_day rollup and only the partial days at the edges from raw rows.
 */
export async function usagePairSums(facts: FactReader, r: WindowRange): Promise<SiteAccountTokenSums[]> {
  const s = await facts.splitSql('usage', r, USAGE_SUM_COLUMNS, { lakeFirst: true });
  const lakePart = async (): Promise<SiteAccountTokenSums | null> => {
    if (!s.lakeRows || !s.lake) return null;
    const lakeTo = Math.min(s.lake.toMs ?? r.toMs, r.toMs);
    const days = wholeBuckets(r.fromMs, lakeTo, DAY_MS);
    const parts = [days
      ? `SELECT site_id, account_id, tokens_in, tokens_out, cached_tokens FROM ${await facts.lake.rollupSource('usage_site_account_day')}
         WHERE ${tsBetween(days.wholeFromMs, days.wholeToMs)}`
      : null];
    const edges = days ? [[r.fromMs, days.wholeFromMs], [days.wholeToMs, lakeTo]] : [[r.fromMs, lakeTo]];
    for (const [a, b] of edges) if (b! > a!) parts.push(`SELECT site_id, account_id, tokens_in, tokens_out, cached_tokens FROM ${s.lakeRows} WHERE ${tsBetween(a!, b!)}`);
    const union = parts.filter(Boolean).join(' UNION ALL ');
    return await facts.lake.queryColumns(`SELECT site_id, account_id, ${PAIR_SUMS} FROM (${union}) GROUP BY site_id, account_id`) as unknown as SiteAccountTokenSums;
  };
  // DuckDB sums the lake part on its threads while the hot part is summed here.
  const [lake, hot] = await Promise.all([lakePart(), Promise.resolve().then(() => hotPairSums(s.hot))]);
  return lake ? [lake, hot] : [hot];
}

/** servedClassesBySite over usage given as pair sums (every pair lies inside the window). */
export function servedClassesOfPairs(
  w: AssuranceWindow, parts: readonly SiteAccountTokenSums[], accounts: AccountTiers, tiers: readonly Tier[],
): Map<number, ServedClass[]> {
  const site_id = parts.flatMap((p) => Array.from(p.site_id));
  const account_id = parts.flatMap((p) => Array.from(p.account_id));
  return servedClassesBySite(w, { site_id, account_id, ts: new Float64Array(site_id.length).fill(w.fromMs) }, accounts, tiers);
}

// ---------------------------------------------------------------------------------------------------------------
// KPI: minute totals per site

/**
 * One class per distinct (latency, uplink) target of the tier catalog (its tierId is the target's index), so one count
 * serves whichever tiers a site turns out to serve, and tiers with the same targets are counted once.
 */
function targetClasses(tiers: readonly Tier[]): { classes: ServedClass[]; targetOfTier: Map<number, number> } {
  const index = new Map<string, number>();
  const classes: ServedClass[] = [];
  const targetOfTier = new Map<number, number>();
  for (const t of tiers) {
    const key = `${t.latency_sla_ms}|${t.uplink_sla_mbps}`;
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = classes.length));
      classes.push({ tierId: k, name: key, latencySlaMs: t.latency_sla_ms, uplinkSlaMbps: t.uplink_sla_mbps, accounts: 0, monthlyFeeFen: 0 });
    }
    targetOfTier.set(t.tier_id, k);
  }
  return { classes, targetOfTier };
}

function totalsOf(totals: Map<number, SiteMinuteTotals>, siteId: number, classes: readonly ServedClass[]) {
  let t = totals.get(siteId);
  if (!t) {
    t = { siteId, measuredMinutes: 0, byTier: new Map(classes.map((c) => [c.tierId, { latencyCompliant: 0, uplinkCompliant: c.uplinkSlaMbps === null ? null : 0 }])) };
    totals.set(siteId, t);
  }
  return t as { siteId: number; measuredMinutes: number; byTier: Map<number, { latencyCompliant: number; uplinkCompliant: number | null }> };
}

/** Worst latency (max) and uplink (min) per site and minute of one slab, from samples in any order. */
class MinuteGrid {
  private readonly sites = new Map<number, { seen: Uint8Array; lat: Float64Array; ul: Float64Array }>();
  private readonly firstMinute: number;
  private readonly minutes: number;

  constructor(private readonly slab: AssuranceWindow) {
    this.firstMinute = Math.floor(slab.fromMs / MINUTE_MS);
    this.minutes = Math.ceil(slab.toMs / MINUTE_MS) - this.firstMinute;
  }

  add(site: ArrayLike<number>, ts: ArrayLike<number>, lat: ArrayLike<number>, ul: ArrayLike<number>): void {
    for (let i = 0; i < site.length; i++) {
      const t = ts[i]!;
      if (t < this.slab.fromMs || t >= this.slab.toMs) continue;
      let g = this.sites.get(site[i]!);
      if (!g) this.sites.set(site[i]!, (g = { seen: new Uint8Array(this.minutes), lat: new Float64Array(this.minutes), ul: new Float64Array(this.minutes) }));
      const m = Math.floor(t / MINUTE_MS) - this.firstMinute;
      // The first sample of a minute sets it, later ones keep the worst (as countSiteMinutes does).
      if (!g.seen[m]) { g.seen[m] = 1; g.lat[m] = lat[i]!; g.ul[m] = ul[i]!; } else { g.lat[m] = Math.max(g.lat[m]!, lat[i]!); g.ul[m] = Math.min(g.ul[m]!, ul[i]!); }
    }
  }

  /** Adds each site's minutes, counted by countSiteMinutes over one sample per minute (its worst values). */
  addTo(totals: Map<number, SiteMinuteTotals>, classes: readonly ServedClass[], policy: AssurancePolicy): void {
    const w = { fromMs: this.firstMinute * MINUTE_MS, toMs: this.slab.toMs };
    for (const [siteId, g] of this.sites) {
      const tsMs: number[] = [], latencyMs: number[] = [], ulMbps: number[] = [];
      for (let m = 0; m < this.minutes; m++) {
        if (!g.seen[m]) continue;
        tsMs.push((this.firstMinute + m) * MINUTE_MS); latencyMs.push(g.lat[m]!); ulMbps.push(g.ul[m]!);
      }
      const c = countSiteMinutes(siteId, w, { tsMs, latencyMs, ulMbps }, classes, policy);
      const t = totalsOf(totals, siteId, classes);
      t.measuredMinutes += c.measuredMinutes;
      for (const [tierId, k] of c.byTier) {
        const x = t.byTier.get(tierId)!;
        x.latencyCompliant += k.latencyCompliant;
        if (x.uplinkCompliant !== null) x.uplinkCompliant += k.uplinkCompliant ?? 0;
      }
    }
  }
}

/** Adds the rows of siteMinuteCountsSql (or the rollup's sums, same aliases) to the totals. */
function addCountRows(totals: Map<number, SiteMinuteTotals>, rows: readonly SiteMinuteCountsRow[], classes: readonly ServedClass[]): void {
  for (const r of rows) {
    const t = totalsOf(totals, r.siteId, classes);
    t.measuredMinutes += r.measured;
    for (const c of classes) {
      const x = t.byTier.get(c.tierId)!;
      x.latencyCompliant += Number(r[latAlias(c.latencySlaMs)] ?? 0);
      if (x.uplinkCompliant !== null && c.uplinkSlaMbps !== null) x.uplinkCompliant += Number(r[ulAlias(c.uplinkSlaMbps)] ?? 0);
    }
  }
}

function targetsOf(classes: readonly ServedClass[]): { latencyMs: number[]; uplinkMbps: number[] } {
  return {
    latencyMs: [...new Set(classes.map((c) => c.latencySlaMs))],
    uplinkMbps: [...new Set(classes.flatMap((c) => (c.uplinkSlaMbps === null ? [] : [c.uplinkSlaMbps])))],
  };
}

/**
 * Whole minutes of a lake range: whole 5-minute buckets summed from the kpi_5m rollup (when it counts every target),
 * the minutes at either edge counted from raw rows by the SQL twin (siteMinuteCountsSql).
 */
async function addLakeMinuteCounts(
  facts: FactReader, lakeRows: string, range: AssuranceWindow, classes: readonly ServedClass[], totals: Map<number, SiteMinuteTotals>, policy: AssurancePolicy,
): Promise<void> {
  const targets = targetsOf(classes);
  const buckets = rollupCoversTargets(targets) ? wholeBuckets(range.fromMs, range.toMs, FIVE_MINUTES_MS) : null;
  const rawRanges = buckets
    ? [{ fromMs: range.fromMs, toMs: buckets.wholeFromMs }, { fromMs: buckets.wholeToMs, toMs: range.toMs }].filter((x) => x.toMs > x.fromMs)
    : [range];
  const rollupSql = buckets && `
    SELECT site_id AS "siteId", sum(minutes)::DOUBLE AS measured,
      ${[...targets.latencyMs.map((t) => `sum(${quoteIdent(latencyOkColumn(t))})::DOUBLE AS "${latAlias(t)}"`),
        ...targets.uplinkMbps.map((t) => `sum(${quoteIdent(uplinkOkColumn(t))})::DOUBLE AS "${ulAlias(t)}"`), 'NULL AS p95'].join(', ')}
    FROM ${await facts.lake.rollupSource('kpi_5m')} WHERE ${tsBetween(buckets.wholeFromMs, buckets.wholeToMs)} GROUP BY site_id`;
  const rows = await facts.lake.withConnection(async (conn) => {
    await conn.run(`CREATE TEMP VIEW kpi AS SELECT * FROM ${lakeRows}`);
    const out: SiteMinuteCountsRow[] = [];
    if (rollupSql) out.push(...(await conn.runAndReadAll(rollupSql)).getRowObjectsJS() as unknown as SiteMinuteCountsRow[]);
    for (const w of rawRanges) out.push(...(await conn.runAndReadAll(siteMinuteCountsSql(w, targets, policy))).getRowObjectsJS() as unknown as SiteMinuteCountsRow[]);
    return out;
  });
  addCountRows(totals, rows, classes);
}

/**
 * Measured and compliant minutes of every site with samples in the window, against every tier's targets; equal to
 * countSiteMinutes over all the window's samples. The lake part (up to the oldest unflushed row) comes from rollups
 * and raw edges in DuckDB; a minute the lake / memory cut runs through, and the unflushed tail, go through a minute
 * grid one UTC day at a time (minutes never straddle days), so memory stays at the tail's length.
 */
export async function kpiMinuteTotals(
  facts: FactReader, r: WindowRange, tiers: readonly Tier[], policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY,
): Promise<Map<number, SiteMinuteTotals>> {
  const { classes, targetOfTier } = targetClasses(tiers);
  const byTarget = new Map<number, SiteMinuteTotals>();
  const s = await facts.splitSql('kpi', r, KPI_COLUMNS, { lakeFirst: true });
  const lakeTo = s.lake && s.lakeRows ? Math.min(s.lake.toMs ?? r.toMs, r.toMs) : r.fromMs;
  // Minutes are counted whole: the lake counts up to the last minute start before its end unless it ends the window.
  const cut = lakeTo === r.toMs ? lakeTo : Math.max(r.fromMs, Math.floor(lakeTo / MINUTE_MS) * MINUTE_MS);
  if (cut > r.fromMs && s.lakeRows) await addLakeMinuteCounts(facts, s.lakeRows, { fromMs: r.fromMs, toMs: cut }, classes, byTarget, policy);
  const edge = cut < lakeTo && s.lakeRows
    ? await facts.lake.queryColumns(`SELECT site_id, epoch_ms(ts)::DOUBLE AS ts, latency_ms, ul_mbps FROM ${s.lakeRows} WHERE ts >= make_timestamp_ms(${cut})`) as unknown as KpiColumns
    : null;
  const hot = batchesOf(s.hot).map((b) => ({ site: numbersOf(b, 'site_id'), ts: numbersOf(b, 'ts'), lat: numbersOf(b, 'latency_ms'), ul: numbersOf(b, 'ul_mbps') }));
  for (let from = cut; from < r.toMs;) {
    const to = Math.min(r.toMs, (Math.floor(from / DAY_MS) + 1) * DAY_MS);
    const grid = new MinuteGrid({ fromMs: from, toMs: to });
    if (edge) grid.add(edge.site_id, edge.ts, edge.latency_ms, edge.ul_mbps);
    for (const b of hot) grid.add(b.site, b.ts, b.lat, b.ul);
    grid.addTo(byTarget, classes, policy);
    from = to;
  }
  const totals = new Map<number, SiteMinuteTotals>();
  for (const [siteId, t] of byTarget) {
    const byTier = new Map([...targetOfTier].map(([tierId, k]) => [tierId, { ...t.byTier.get(k)! }]));
    totals.set(siteId, { siteId, measuredMinutes: t.measuredMinutes, byTier });
  }
  return totals;
}

/** The raw samples of the window's last minutes (current p95 and trend), in reading order. */
export async function recentKpiSamples(facts: FactReader, r: WindowRange, policy: AssurancePolicy = DEFAULT_ASSURANCE_POLICY): Promise<KpiColumns> {
  const range: FactRange = { fromMs: recentSamplesFromMs(r, policy), toMs: r.toMs, atSeq: r.atSeq };
  const k = await facts.numbers('kpi', range, KPI_COLUMNS);
  return { site_id: k.site_id!, ts: k.ts!, latency_ms: k.latency_ms!, ul_mbps: k.ul_mbps! };
}
