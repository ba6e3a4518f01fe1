// Persists accepted live chunks from the hot window into the lake as Parquet, then records a watermark.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { tableToRows } from '../../schema/arrowRows.js';
import { TABLES, type FactTable } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import { lowerBound, type HotChunk, type HotWindow } from '../hot/hotWindow.js';
import { partitionDir } from './lakeLayout.js';
import { writeRowsToParquet } from './parquetWriter.js';
import { writeDayRollups } from './rollupWriter.js';
import { compactPartition, DEFAULT_COMPACTION, type CompactionPolicy } from './compaction.js';
import { rollupsOf } from '../../schema/rollups.js';

const WATERMARK_FILE = 'live-watermark.json';
const DAY_MS = 86_400_000;

/** Events before the watermark were produced by the simulator and are all in the lake. */
export async function readLiveWatermark(lakeDir: string): Promise<number | null> {
  try {
    const w = JSON.parse(await readFile(path.join(lakeDir, WATERMARK_FILE), 'utf8')) as { watermarkMs?: unknown };
    return typeof w.watermarkMs === 'number' ? w.watermarkMs : null;
  } catch { return null; }
}

export class LiveFlusher {
  private busy: Promise<{ files: number; rows: number }> | null = null;
  private readonly checkpointHooks: (() => () => void)[] = [];
  // Seqs restart with the process: the run id keeps file names from colliding with an earlier run's.
  private readonly runId = Date.now().toString(36);
  flushedRows = 0;
  /** Small live files merged away by compaction since start. */
  compactedFiles = 0;

  constructor(private readonly lakeDir: string, private readonly hot: HotWindow, private readonly conn: DuckDBConnection,
    /** Simulator cursor: everything it generated before this is in the hot window when flush starts. */
    private readonly watermark: () => number | null,
    private readonly compaction: CompactionPolicy = DEFAULT_COMPACTION) {}

  /**
   * A source that must confirm durability (e.g. acks to a broker) registers a hook: it is called when a
   * flush captures the hot window, and the function it returns runs once those rows are in the lake.
   */
  onCheckpoint(hook: () => () => void): void { this.checkpointHooks.push(hook); }

  /** One flush at a time; concurrent callers share it. */
  flush(): Promise<{ files: number; rows: number }> {
    this.busy ??= this.doFlush().finally(() => { this.busy = null; });
    return this.busy;
  }

  private async doFlush(): Promise<{ files: number; rows: number }> {
    const mark = this.watermark();
    const chunks = this.hot.unflushed();
    const commits = this.checkpointHooks.map((h) => h());
    const groups = new Map<string, { table: FactTable; day: number; chunks: HotChunk[] }>();
    for (const c of chunks) {
      // A chunk may straddle midnight: group rows by day at write time, chunks by (table, first day).
      for (let day = Math.floor(c.minTs / DAY_MS) * DAY_MS; day <= c.maxTs; day += DAY_MS) {
        const key = `${c.table}/${day}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { table: c.table, day, chunks: [] }));
        g.chunks.push(c);
      }
    }
    let files = 0, rows = 0;
    const written: Array<{ table: FactTable; day: number }> = [];
    for (const g of groups.values()) {
      const spec = TABLES[g.table].spec as TableSpec;
      // Each chunk's rows of this day, by binary search on its sorted ts index; converted to JS rows one chunk at a
      // time while they are appended (the writer yields to the event loop), never the whole flush at once.
      const parts = g.chunks.map((c) => ({ c, lo: lowerBound(c.ts, g.day), hi: lowerBound(c.ts, g.day + DAY_MS) })).filter((p) => p.hi > p.lo);
      const n = parts.reduce((k, p) => k + p.hi - p.lo, 0);
      if (!n) continue;
      const first = g.chunks[0]!.seq, last = g.chunks[g.chunks.length - 1]!.seq;
      const file = path.join(partitionDir(this.lakeDir, g.table, g.day), `live-${this.runId}-${first}-${last}.parquet`);
      const dayRows = function* () {
        for (const p of parts) yield* tableToRows(spec, p.lo === 0 && p.hi === p.c.ts.length ? p.c.data : p.c.data.slice(p.lo, p.hi)) as Record<string, unknown>[];
      };
      await writeRowsToParquet(this.conn, spec, dayRows(), file);
      written.push(g);
      files++; rows += n;
    }
    // A partition's minute-by-minute files are merged once they pile up; then the touched days' rollups follow their
    // raw files before the flush counts as done (a crash in between is repaired at start-up: ensureRollups rebuilds
    // any day whose rollups are older than its raw files).
    for (const g of written) {
      const c = await compactPartition(this.conn, this.lakeDir, g.table, g.day, Date.now(), this.compaction);
      this.compactedFiles += c.replaced;
      if (rollupsOf(g.table).length) await writeDayRollups(this.conn, this.lakeDir, g.table, g.day);
    }
    for (const c of chunks) c.flushed = true;
    this.flushedRows += rows;
    for (const commit of commits) commit();
    if (mark !== null) {
      const tmp = path.join(this.lakeDir, `${WATERMARK_FILE}.tmp`);
      await writeFile(tmp, JSON.stringify({ watermarkMs: mark }));
      await rename(tmp, path.join(this.lakeDir, WATERMARK_FILE));
    }
    return { files, rows };
  }
}
