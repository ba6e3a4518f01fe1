// The hot window: the last N hours of every fact table in memory as time-sorted Arrow chunks, with a
// global sequence number per accepted batch so snapshots and the live stream agree on what was sent.
import type { Table } from 'apache-arrow';
import { TABLES, type FactTable } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import { columnsToTable, rowsToTable } from '../../schema/arrowRows.js';

export interface HotChunk {
  /** 0 for chunks loaded from the lake at start-up (part of every snapshot's baseline). */
  readonly seq: number;
  readonly table: FactTable;
  /** Rows sorted by the table's time column. */
  readonly data: Table;
  /** Time column as epoch ms, same order as `data`; used for binary search. */
  readonly ts: Float64Array;
  readonly minTs: number;
  readonly maxTs: number;
  /** True once the rows are in the lake's Parquet files. */
  flushed: boolean;
  /** Memory the chunk holds (Arrow buffers + ts index), for the window's byte budget. */
  readonly bytes: number;
}

export interface HotSelect { fromMs?: number | undefined; toMs?: number | undefined; atSeq?: number | undefined }

function bytesOf(data: Table, ts: Float64Array): number {
  return data.batches.reduce((n, b) => n + b.data.byteLength, 0) + ts.byteLength;
}

/** First index of a sorted ts index whose value is >= x. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid]! < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Sorts rows by their time column and builds the chunk's Arrow table and ts index. */
export function sortedChunkData(table: FactTable, rows: Record<string, unknown>[]): { data: Table; ts: Float64Array } {
  const tc = TABLES[table].timeColumn;
  const sorted = rows.slice().sort((a, b) => (a[tc] as number) - (b[tc] as number));
  const ts = Float64Array.from(sorted, (r) => r[tc] as number);
  return { data: rowsToTable(TABLES[table].spec as TableSpec, sorted as never), ts };
}

export class HotWindow {
  private chunks: HotChunk[] = [];
  private lastSeq: number;
  private coverageStart: number;
  private held = 0;
  /** Times the byte budget, not the hours, moved the coverage start (the window held less than `hours`). */
  budgetEvictions = 0;

  /**
   * `seqBase` should grow across restarts (e.g. start-up wall ms x 1000) so a client holding a seq
   * from a previous run can never mistake new batches for ones it already has.
   */
  constructor(readonly hours: number, nowMs: number, seqBase = 0,
    /** Memory budget: past it, eviction drops the oldest flushed chunks even inside `hours` (their rows stay in the lake). */
    readonly maxBytes = Infinity) {
    this.coverageStart = nowMs - hours * 3_600_000;
    this.lastSeq = seqBase;
  }

  get seq(): number { return this.lastSeq; }
  /** Memory the window's chunks hold. */
  get bytes(): number { return this.held; }
  /** Rows with a time before this live only in the lake. */
  get coverageStartMs(): number { return this.coverageStart; }

  /**
   * Adds rows already persisted in the lake (start-up load), given column-major and sorted by time;
   * they carry seq 0 and are cut into hourly chunks so they leave memory hour by hour.
   */
  addFromLake(table: FactTable, cols: Record<string, unknown[]>): number {
    const tc = TABLES[table].timeColumn;
    const tsAll = cols[tc] as number[] | undefined;
    if (!tsAll?.length) return 0;
    const spec = TABLES[table].spec as TableSpec;
    let start = 0;
    while (start < tsAll.length) {
      const hourEnd = (Math.floor(tsAll[start]! / 3_600_000) + 1) * 3_600_000;
      let end = start;
      while (end < tsAll.length && tsAll[end]! < hourEnd) end++;
      const part = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(start, end)]));
      const ts = Float64Array.from(tsAll.slice(start, end));
      const data = columnsToTable(spec, part as never);
      this.add({ seq: 0, table, data, ts, minTs: ts[0]!, maxTs: ts[ts.length - 1]!, flushed: true, bytes: bytesOf(data, ts) });
      start = end;
    }
    return tsAll.length;
  }

  /** Adds a newly accepted batch and gives it the next sequence number. */
  append(table: FactTable, rows: Record<string, unknown>[]): HotChunk | null {
    if (!rows.length) return null;
    // Lake chunks are pushed only before any live chunk, so the list stays sorted by seq.
    return this.push(table, rows, ++this.lastSeq, false);
  }

  private push(table: FactTable, rows: Record<string, unknown>[], seq: number, flushed: boolean): HotChunk {
    const { data, ts } = sortedChunkData(table, rows);
    const chunk: HotChunk = { seq, table, data, ts, minTs: ts[0]!, maxTs: ts[ts.length - 1]!, flushed, bytes: bytesOf(data, ts) };
    this.add(chunk);
    return chunk;
  }

  private add(c: HotChunk): void {
    this.chunks.push(c);
    this.held += c.bytes;
  }

  /** Chunks with seq > afterSeq, in seq order, optionally for some tables only. */
  chunksAfter(afterSeq: number, tables?: ReadonlySet<FactTable>): HotChunk[] {
    // Chunks are kept sorted by seq (lake chunks, seq 0, come first): binary-search the start.
    let lo = 0, hi = this.chunks.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.chunks[mid]!.seq <= afterSeq) lo = mid + 1; else hi = mid; }
    const out: HotChunk[] = [];
    for (let i = lo; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (!tables || tables.has(c.table)) out.push(c);
    }
    return out;
  }

  /** Oldest live seq still held; a subscriber behind it must resync from a snapshot. */
  get oldestLiveSeq(): number {
    for (const c of this.chunks) if (c.seq > 0) return c.seq;
    return this.lastSeq + 1;
  }

  unflushed(): HotChunk[] { return this.chunks.filter((c) => !c.flushed); }

  /**
   * The lake (raw files and their rollups) holds every accepted row of `table` with a time before this: the oldest
   * unflushed row's time (never before the coverage start, as no older row is accepted); +Infinity when all is flushed.
   */
  lakeCompleteBeforeMs(table: FactTable): number {
    let m = Infinity;
    for (const c of this.chunks) if (!c.flushed && c.table === table && c.minTs < m) m = c.minTs;
    return Math.max(m, this.coverageStart);
  }

  /** Zero-copy slices of every chunk overlapping the range (clipped to the coverage start). */
  select(table: FactTable, q: HotSelect): Table[] {
    const from = Math.max(q.fromMs ?? -Infinity, this.coverageStart);
    const to = q.toMs ?? Infinity;
    const out: Table[] = [];
    for (const c of this.chunks) {
      if (c.table !== table || c.maxTs < from || c.minTs >= to) continue;
      if (q.atSeq !== undefined && c.seq > q.atSeq) continue;
      const lo = lowerBound(c.ts, from), hi = lowerBound(c.ts, to);
      if (hi > lo) out.push(lo === 0 && hi === c.ts.length ? c.data : c.data.slice(lo, hi));
    }
    return out;
  }

  count(table: FactTable, q: HotSelect): number {
    return this.select(table, q).reduce((n, t) => n + t.numRows, 0);
  }

  maxTs(table: FactTable): number | null {
    let m: number | null = null;
    for (const c of this.chunks) if (c.table === table && (m === null || c.maxTs > m)) m = c.maxTs;
    return m;
  }

  /**
   * Moves the coverage start to now - hours, or later when the chunks from there on hold more than the byte
   * budget (a flood of events must not exhaust memory: older rows are then read from the lake, and events
   * older than the window are refused as late), and drops chunks wholly before it. Unflushed chunks stay
   * (never lose accepted data), so coverage only advances up to the oldest unflushed row.
   */
  evict(nowMs: number): void {
    const byHours = nowMs - this.hours * 3_600_000;
    let target = byHours;
    if (this.held > this.maxBytes) {
      // Newest first, keep chunks while they fit; the coverage start moves past the first one that does not.
      let kept = 0;
      for (const c of [...this.chunks].sort((a, b) => b.maxTs - a.maxTs)) {
        kept += c.bytes;
        if (kept > this.maxBytes) { target = Math.max(target, c.maxTs + 1); break; }
      }
    }
    for (const c of this.chunks) if (!c.flushed && c.minTs < target) target = c.minTs;
    if (target <= this.coverageStart) return;
    this.coverageStart = target;
    const before = this.chunks.length;
    this.chunks = this.chunks.filter((c) => c.maxTs >= target || !c.flushed);
    if (target > byHours && this.chunks.length < before) this.budgetEvictions++;
    this.held = this.chunks.reduce((n, c) => n + c.bytes, 0);
  }
}
