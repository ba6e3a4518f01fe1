// The diagnostics chart's hourly token series, computed here (lake part in DuckDB, hot part in one pass over its Arrow
// slices) and kept for a few seconds, so a page draws it before its own DuckDB-WASM has loaded.
import type { RecordBatch, Table } from 'apache-arrow';
import { firstPaintSinceMs, type HourlyTokensSeries } from '../../schema/firstPaint.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { DataScope } from '../identity/dataScope.js';

const HOUR_MS = 3_600_000;
const HOT_COLUMNS = ['ts', 'site_id', 'tokens_in', 'tokens_out'] as const;

/** Token sums and row counts per (hour, site): small (hours x sites), and any scope's series is a sum over it. */
export type HourSiteTokens = Map<number, Map<number, { tokens: number; rows: number }>>;

interface Computed { sinceMs: number; asOfMs: number; seq: number; cells: HourSiteTokens; all: HourlyTokensSeries }

function add(cells: HourSiteTokens, hourMs: number, siteId: number, tokens: number, rows: number): void {
  let bySite = cells.get(hourMs);
  if (!bySite) cells.set(hourMs, (bySite = new Map()));
  const c = bySite.get(siteId);
  if (c) { c.tokens += tokens; c.rows += rows; } else bySite.set(siteId, { tokens, rows });
}

function column(b: RecordBatch, name: string): ArrayLike<number | bigint> {
  const v = b.getChild(name);
  if (!v) throw new Error(`no column ${name}`);
  // The usage spec makes these non-null and ingest enforces it; a null would be summed as 0.
  if (v.nullCount) throw new Error(`usage.${name}: unexpected nulls in the hot window`);
  return v.toArray() as ArrayLike<number | bigint>;
}

function addHot(cells: HourSiteTokens, tables: readonly Table[]): void {
  for (const b of tables.flatMap((t) => t.batches)) {
    const [ts, site, tin, tout] = HOT_COLUMNS.map((c) => column(b, c));
    for (let i = 0; i < b.numRows; i++) {
      // Floor to the UTC hour: date_trunc('hour', ts) of the chart's SQL (timestamps are UTC, epoch ms >= 0).
      const t = Number(ts![i]!);
      add(cells, t - (t % HOUR_MS), Number(site![i]!), Number(tin![i]!) + Number(tout![i]!), 1);
    }
  }
}

/** Per (hour, site) tokens of usage with ts >= sinceMs, lake and hot window read at one instant. */
export async function hourSiteTokens(facts: FactReader, sinceMs: number): Promise<{ seq: number; cells: HourSiteTokens }> {
  const s = await facts.splitSql('usage', { fromMs: sinceMs }, HOT_COLUMNS);
  const cells: HourSiteTokens = new Map();
  if (s.lakeRows) {
    const lake = await facts.lake.queryColumns(`
      SELECT epoch_ms(date_trunc('hour', ts))::DOUBLE AS hour_ms, site_id, sum(tokens_in::BIGINT + tokens_out)::DOUBLE AS tokens,
        count(*)::DOUBLE AS n
      FROM ${s.lakeRows} GROUP BY 1, 2`) as Record<'hour_ms' | 'site_id' | 'tokens' | 'n', number[]>;
    for (let i = 0; i < lake.hour_ms.length; i++) add(cells, lake.hour_ms[i]!, lake.site_id[i]!, lake.tokens[i]!, lake.n[i]!);
  }
  addHot(cells, s.hot);
  return { seq: s.seq, cells };
}

/** The series of the sites `inScope` keeps: hours with at least one such row, ascending (the SQL's GROUP BY / ORDER BY). */
export function seriesOf(c: { sinceMs: number; asOfMs: number; seq: number; cells: HourSiteTokens }, inScope: (siteId: number) => boolean): HourlyTokensSeries {
  const hourMs: number[] = [];
  const tokens: number[] = [];
  for (const h of [...c.cells.keys()].sort((a, b) => a - b)) {
    let sum = 0, rows = 0;
    for (const [site, cell] of c.cells.get(h)!) if (inScope(site)) { sum += cell.tokens; rows += cell.rows; }
    if (rows > 0) { hourMs.push(h); tokens.push(sum); }
  }
  return { sinceMs: c.sinceMs, asOfMs: c.asOfMs, seq: c.seq, hourMs, tokens };
}

export interface FirstPaintOptions {
  facts: FactReader;
  /** The data clock (the simulator may run faster than the wall clock): the window ends there. */
  dataNowMs: () => number;
  /** Recompute at most this often; callers in between share the last answer. */
  maxAgeMs?: number;
  wallNowMs?: () => number;
}

/** One computation shared by every user and request for `maxAgeMs`; a scoped user's series is cut from it per request. */
export class FirstPaintSeries {
  private last: Computed | null = null;
  private pending: Promise<Computed> | null = null;

  constructor(private readonly o: FirstPaintOptions) {}

  async hourlyTokens(scope: DataScope): Promise<HourlyTokensSeries> {
    const c = await this.current();
    return scope.unrestricted ? c.all : seriesOf(c, (site) => scope.hasSite(site));
  }

  private current(): Promise<Computed> {
    const wall = this.o.wallNowMs ?? Date.now;
    if (this.last && wall() - this.last.asOfMs < (this.o.maxAgeMs ?? 2000)) return Promise.resolve(this.last);
    this.pending ??= this.compute(wall()).finally(() => { this.pending = null; });
    return this.pending;
  }

  private async compute(asOfMs: number): Promise<Computed> {
    const sinceMs = firstPaintSinceMs(this.o.dataNowMs());
    const { seq, cells } = await hourSiteTokens(this.o.facts, sinceMs);
    const c = { sinceMs, asOfMs, seq, cells };
    this.last = { ...c, all: seriesOf(c, () => true) };
    return this.last;
  }
}
