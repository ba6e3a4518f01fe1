// A rolling per-site, per-minute window of KPI samples (ring buffers), fed from hot-window rows or a lake replay.
import { KPI_FIELDS, MINUTE_MS, type KpiField } from './kpiFields.js';

export interface KpiSample {
  ts: number;
  site_id: number;
  latency_ms: number; jitter_ms: number; loss_pct: number; dl_mbps: number; ul_mbps: number; prb_util: number; active_users: number;
}

/** Column-major KPI rows (what DuckDB's getColumnsObjectJS or an Arrow table gives). */
export type KpiColumns = { ts: ArrayLike<number>; site_id: ArrayLike<number> } & Record<KpiField, ArrayLike<number>>;

export class KpiWindow {
  /** site_id -> dense index. */
  readonly siteIndex = new Map<number, number>();
  private readonly values: Record<KpiField, Float64Array>;
  /** Minute index stored in each slot, so stale slots read as missing. */
  private readonly slotMinute: Float64Array;
  private maxMinute = -Infinity;

  constructor(readonly siteIds: readonly number[], readonly minutes = 60) {
    siteIds.forEach((id, i) => this.siteIndex.set(id, i));
    const n = siteIds.length * minutes;
    this.values = Object.fromEntries(KPI_FIELDS.map((k) => [k, new Float64Array(n).fill(NaN)])) as Record<KpiField, Float64Array>;
    this.slotMinute = new Float64Array(n).fill(-1);
  }

  /** Latest minute any sample was added for (the data watermark). */
  get latestMinute(): number { return this.maxMinute; }

  add(s: KpiSample): boolean {
    const i = this.siteIndex.get(s.site_id);
    if (i === undefined) return false;
    const m = Math.floor(s.ts / MINUTE_MS);
    // Samples older than the window would overwrite newer data in the ring.
    if (m <= this.maxMinute - this.minutes) return false;
    const slot = i * this.minutes + (((m % this.minutes) + this.minutes) % this.minutes);
    for (const k of KPI_FIELDS) this.values[k][slot] = s[k];
    this.slotMinute[slot] = m;
    if (m > this.maxMinute) this.maxMinute = m;
    return true;
  }

  addColumns(c: KpiColumns): number {
    let n = 0;
    const row = { ts: 0, site_id: 0 } as KpiSample;
    for (let r = 0; r < c.ts.length; r++) {
      row.ts = c.ts[r]!; row.site_id = c.site_id[r]!;
      for (const k of KPI_FIELDS) row[k] = c[k][r]!;
      if (this.add(row)) n++;
    }
    return n;
  }

  /** The value at (site index, minute), NaN when missing. */
  at(siteIdx: number, kpi: KpiField, minute: number): number {
    const slot = siteIdx * this.minutes + (((minute % this.minutes) + this.minutes) % this.minutes);
    return this.slotMinute[slot] === minute ? this.values[kpi][slot]! : NaN;
  }

  /** The last n minutes up to and including endMinute, oldest first (NaN where missing). */
  series(siteIdx: number, kpi: KpiField, endMinute: number, n: number, out = new Float64Array(n)): Float64Array {
    for (let j = 0; j < n; j++) out[j] = this.at(siteIdx, kpi, endMinute - n + 1 + j);
    return out;
  }
}
