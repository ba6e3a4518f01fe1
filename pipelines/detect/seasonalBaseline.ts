// Seasonal baseline per site x time-of-day slot: median and MAD of every KPI over past days (robust to past faults).
import { KPI_FIELDS, MINUTE_MS, type KpiField } from './kpiFields.js';
import { median, medianAbsoluteDeviation } from './robustStats.js';
import type { KpiColumns } from './kpiWindow.js';

/** 15-minute slots: short enough to follow the daily load curve, long enough for ~15 samples a day. */
export const SLOT_MINUTES = 15;
export const SLOTS_PER_DAY = 1440 / SLOT_MINUTES;

export function slotOf(ms: number): number {
  const minuteOfDay = ((Math.floor(ms / MINUTE_MS) % 1440) + 1440) % 1440;
  return Math.floor(minuteOfDay / SLOT_MINUTES);
}

export interface SeasonalBaseline {
  readonly siteIndex: ReadonlyMap<number, number>;
  /** [siteIdx * SLOTS_PER_DAY + slot], NaN where no history. */
  readonly median: Readonly<Record<KpiField, Float64Array>>;
  readonly mad: Readonly<Record<KpiField, Float64Array>>;
  /** Which days of history it summarises, for display and staleness checks. */
  readonly fromMs: number;
  readonly toMs: number;
}

export function emptyBaseline(siteIds: readonly number[], fromMs = 0, toMs = 0): SeasonalBaseline {
  const n = siteIds.length * SLOTS_PER_DAY;
  const mk = () => Object.fromEntries(KPI_FIELDS.map((k) => [k, new Float64Array(n).fill(NaN)])) as Record<KpiField, Float64Array>;
  return { siteIndex: new Map(siteIds.map((id, i) => [id, i])), median: mk(), mad: mk(), fromMs, toMs };
}

/** Pure JS path: the baseline of column-major KPI rows (used by tests as the second path to the SQL one). */
export function baselineFromColumns(siteIds: readonly number[], c: KpiColumns, fromMs: number, toMs: number): SeasonalBaseline {
  const b = emptyBaseline(siteIds, fromMs, toMs);
  const buckets = new Map<number, number[]>();
  for (let r = 0; r < c.ts.length; r++) {
    const i = b.siteIndex.get(c.site_id[r]!);
    if (i === undefined) continue;
    const key = i * SLOTS_PER_DAY + slotOf(c.ts[r]!);
    let l = buckets.get(key);
    if (!l) buckets.set(key, l = []);
    l.push(r);
  }
  for (const [key, rows] of buckets) {
    for (const k of KPI_FIELDS) {
      const v = rows.map((r) => c[k][r]!);
      b.median[k][key] = median(v);
      b.mad[k][key] = medianAbsoluteDeviation(v);
    }
  }
  return b;
}

/** DuckDB query giving one row per (site_id, slot) with `<kpi>_med` and `<kpi>_mad`, over `source` (a table expression). */
export function baselineSql(source: string, fromMs: number, toMs: number): string {
  const aggs = KPI_FIELDS.map((k) => `median(${k})::DOUBLE AS ${k}_med, mad(${k})::DOUBLE AS ${k}_mad`).join(', ');
  return `SELECT site_id, ((epoch_ms(ts) // ${MINUTE_MS}) % 1440 // ${SLOT_MINUTES})::INTEGER AS slot, ${aggs}
    FROM ${source}
    WHERE ts >= make_timestamp_ms(${Math.floor(fromMs)}) AND ts < make_timestamp_ms(${Math.floor(toMs)})
    GROUP BY ALL`;
}

/** Builds the baseline from baselineSql's rows (column-major). */
export function baselineFromSqlColumns(siteIds: readonly number[], cols: Record<string, ArrayLike<unknown>>, fromMs: number, toMs: number): SeasonalBaseline {
  const b = emptyBaseline(siteIds, fromMs, toMs);
  const site = cols.site_id ?? [];
  const slot = cols.slot ?? [];
  for (let r = 0; r < site.length; r++) {
    const i = b.siteIndex.get(Number(site[r]));
    if (i === undefined) continue;
    const key = i * SLOTS_PER_DAY + Number(slot[r]);
    for (const k of KPI_FIELDS) {
      b.median[k][key] = Number(cols[`${k}_med`]?.[r] ?? NaN);
      b.mad[k][key] = Number(cols[`${k}_mad`]?.[r] ?? NaN);
    }
  }
  return b;
}
