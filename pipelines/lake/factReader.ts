// The one reader of fact rows over a time range: the lake below the hot window's coverage start, the hot window from it on.
import type { Table } from 'apache-arrow';
import { TABLES, type FactTable, type RowTypes } from '../../schema/tables.js';
import type { HotWindow } from '../hot/hotWindow.js';
import { columnsToRows, type LakeReader, type TimeRange } from './lakeReader.js';
import { quoteIdent } from '../../schema/duckdbSql.js';

export interface FactRange extends TimeRange {
  /** Count only live batches up to this seq (the hot window's as-of; lake rows always count). */
  atSeq?: number | undefined;
}

/** Where the rows of one range live at one instant: both parts together hold each row exactly once. */
export interface FactSplit {
  /** The hot window's last seq when the split was taken (a snapshot continues the live stream after it). */
  seq: number;
  /** Zero-copy hot-window slices in range, in chunk order. */
  hot: Table[];
  /** The part of the range below the coverage start, to read from the lake; null when none. */
  lake: TimeRange | null;
}

export type FactColumns = Record<string, unknown[]>;

/** Columns of an Arrow table (e.g. a hot-window chunk) as JS arrays. */
export function arrowColumns(t: Table, columns: readonly string[]): FactColumns {
  const out: FactColumns = Object.fromEntries(columns.map((c) => [c, [] as unknown[]]));
  appendTable(out, t, columns);
  return out;
}

/** An Arrow or DuckDB value as our JS value (64-bit integers and dates as numbers: our int64 values are safe integers). */
export function jsValue(x: unknown): unknown {
  return typeof x === 'bigint' ? Number(x) : x instanceof Date ? x.getTime() : x;
}

/** Arrow columns as JS arrays (see jsValue). */
function appendTable(out: FactColumns, t: Table, columns: readonly string[]): void {
  for (const c of columns) {
    const v = t.getChild(c);
    if (!v) throw new Error(`no column ${c}`);
    const dst = out[c]!;
    for (let i = 0; i < t.numRows; i++) dst.push(jsValue(v.get(i)));
  }
}

export class FactReader {
  /** `hot` is null for a lake on its own (evaluation, replays of recorded data). */
  constructor(readonly lake: LakeReader, readonly hot: HotWindow | null) {}

  /** The hot window's last seq (0 without one). */
  get seq(): number { return this.hot?.seq ?? 0; }

  /**
   * Splits a range between hot window and lake. Synchronous on purpose: coverage, seq and slices describe one
   * instant, so an eviction during a later lake await cannot drop rows from both sides or count them twice.
   */
  split(table: FactTable, range: FactRange, columns?: readonly string[]): FactSplit {
    const hot = this.hot;
    if (!hot) return { seq: 0, hot: [], lake: { fromMs: range.fromMs, toMs: range.toMs } };
    const cov = hot.coverageStartMs;
    const slices = hot.select(table, { fromMs: range.fromMs, toMs: range.toMs, atSeq: range.atSeq });
    const below = range.fromMs === undefined || range.fromMs < cov;
    return {
      seq: hot.seq,
      hot: columns ? slices.map((t) => t.select([...columns])) : slices,
      lake: below ? { fromMs: range.fromMs, toMs: Math.min(range.toMs ?? Infinity, cov) } : null,
    };
  }

  /**
   * Like `split`, but the lake part reaches up to where the lake holds every row (the oldest unflushed row), not just
   * to the coverage start: aggregate readers then reduce nearly all of a window from the lake's rollups and only the
   * unflushed tail from memory. The two parts are cut at one time, so each row is still read exactly once.
   */
  splitLakeFirst(table: FactTable, range: FactRange, columns?: readonly string[]): FactSplit {
    const hot = this.hot;
    if (!hot) return this.split(table, range, columns);
    const cut = hot.lakeCompleteBeforeMs(table);
    const from = range.fromMs ?? -Infinity;
    const slices = hot.select(table, { fromMs: Math.max(from, cut), toMs: range.toMs, atSeq: range.atSeq });
    return {
      seq: hot.seq,
      hot: columns ? slices.map((t) => t.select([...columns])) : slices,
      lake: from < cut ? { fromMs: range.fromMs, toMs: Math.min(range.toMs ?? Infinity, cut) } : null,
    };
  }

  /**
   * `split` for reducing a range in SQL instead of reading it into JS: the lake part also comes as a FROM-expression over
   * exactly its rows (every column; the file list fixed now), for queries run with `lake.queryRows` / `lake.withConnection`.
   */
  async splitSql(table: FactTable, range: FactRange, columns?: readonly string[], o: { lakeFirst?: boolean } = {}): Promise<FactSplit & { lakeRows: string | null }> {
    const s = o.lakeFirst ? this.splitLakeFirst(table, range, columns) : this.split(table, range, columns);
    if (!s.lake) return { ...s, lakeRows: null };
    const tc = quoteIdent(TABLES[table].timeColumn);
    const conds: string[] = [];
    if (s.lake.fromMs !== undefined) conds.push(`${tc} >= make_timestamp_ms(${Math.floor(s.lake.fromMs)})`);
    if (s.lake.toMs !== undefined && Number.isFinite(s.lake.toMs)) conds.push(`${tc} < make_timestamp_ms(${Math.floor(s.lake.toMs)})`);
    const rows = `(SELECT * FROM ${await this.lake.source(table)}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''})`;
    return { ...s, lakeRows: rows };
  }

  /** Column-major JS values of the rows in range, lake part first (time order across the two parts). */
  async columns(table: FactTable, range: FactRange, columns: readonly string[] = Object.keys(TABLES[table].spec)): Promise<FactColumns> {
    const s = this.split(table, range, columns);
    // The lake's column arrays are fresh, so the hot rows are appended to them rather than copying both.
    const out: FactColumns = s.lake
      ? await this.lake.scan(table, s.lake, { columns }) as FactColumns
      : Object.fromEntries(columns.map((c) => [c, [] as unknown[]]));
    for (const t of s.hot) appendTable(out, t, columns);
    return out;
  }

  /** Like `columns`, for columns known to be numeric (ids, measures, epoch-ms times). */
  numbers(table: FactTable, range: FactRange, columns: readonly string[]): Promise<Record<string, number[]>> {
    return this.columns(table, range, columns) as Promise<Record<string, number[]>>;
  }

  /** Rows in range as objects, ordered by time (for small selections such as one site's alarms). */
  async rows<T extends FactTable>(table: T, range: FactRange): Promise<RowTypes[T][]> {
    const tc = TABLES[table].timeColumn;
    return columnsToRows<RowTypes[T]>(await this.columns(table, range))
      .sort((a, b) => (a as Record<string, number>)[tc]! - (b as Record<string, number>)[tc]!);
  }
}
