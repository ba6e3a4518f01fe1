// Loads a history plan into DuckDB: lake Parquet files decoded to Arrow (DuckDB-WASM reads Parquet only through an
// extension it would download at run time) and appended group by group, straight into their table or through a staging
// table when a group must be cut or rolled up; hot parts through the staging table. Downloads and decoding run ahead of
// the inserts within a byte bound, so the bytes held stay bounded whatever the history's size.
import type { FilesPlan } from '../../schema/dataPlane.js';
import { OrderedPrefetch, type PrefetchItem } from './orderedPrefetch.js';
import { planLoadUnits, unitColumns, unitLoad, type LoadTargets, type LoadUnit } from './historyUnits.js';

/** What loading needs of DuckDB (one exclusive turn's operations; DuckDbOps has them). */
export interface FileIngestOps {
  exec(sql: string): Promise<void>;
  /** Runs a statement and returns its result rows (an INSERT answers its row count). */
  queryRows(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Appends an Arrow IPC stream to an existing table (columns in table order); may take ownership of the bytes. */
  insertIpc(table: string, ipc: Uint8Array): Promise<void>;
}

/** A Parquet file as an Arrow IPC stream, checked to hold `columns` in that order. */
export type ParquetDecoder = (parquet: Uint8Array, columns: readonly string[]) => { ipc: Uint8Array; rows: number };

export interface LoadProgress {
  /** Bytes downloaded and inserted, of all the plan's files and hot parts (hot parts count once downloaded). */
  bytesLoaded: number;
  bytesTotal: number;
  /** Raw-table rows inserted, of the plan's row count (rollup rows are not counted). */
  rowsLoaded: number;
  rowsTotal: number;
}

export interface HistoryLoadOptions {
  /** Runs `fn` as one exclusive DuckDB turn (views may query between turns). */
  turn<T>(fn: (ops: FileIngestOps) => Promise<T>): Promise<T>;
  fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array>;
  decodeParquet: ParquetDecoder;
  targets: LoadTargets;
  onProgress?(p: LoadProgress): void;
  signal?: AbortSignal;
  /** Parquet bytes per insert (default 12 MiB: about a million rows of our tables, where DuckDB-WASM appends fastest). */
  groupBytes?: number;
  /** Parquet bytes downloaded and decoded ahead of the insert at most (default 32 MiB, at least one group; Arrow is ~5x that). */
  aheadBytes?: number;
  /** Downloads in flight at most (default 4: below a browser's six connections per host, leaving room for the app). */
  concurrency?: number;
}

interface Fetched { ipc: Uint8Array; rows: number; bytes: number }

function rowCountOf(rows: Array<Record<string, unknown>>): number {
  const v = rows[0] ? Object.values(rows[0])[0] : 0;
  return typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0;
}

interface Item extends PrefetchItem { columns: readonly string[] | null }

const itemsOf = (u: LoadUnit): Item[] => (u.kind === 'hot'
  ? [{ url: u.url, bytes: 0, columns: null }]
  : u.files.map((f) => ({ url: f.url, bytes: f.bytes, columns: unitColumns(u) })));

/** Loads every unit of the plan; resolves with the final progress. Throws (PlanExpiredError among others) and stops downloading on failure. */
export async function loadHistory(plan: FilesPlan, o: HistoryLoadOptions): Promise<LoadProgress> {
  const groupBytes = o.groupBytes ?? 12 * 2 ** 20;
  const units = planLoadUnits(plan, groupBytes);
  const progress: LoadProgress = {
    bytesLoaded: 0,
    bytesTotal: units.reduce((n, u) => n + itemsOf(u).reduce((k, i) => k + i.bytes, 0), 0),
    rowsLoaded: 0,
    rowsTotal: plan.tables.reduce((n, t) => n + t.rows, 0),
  };
  o.onProgress?.({ ...progress });
  // Decoding happens as each download lands, so it overlaps the previous group's insert in the DuckDB worker.
  const prefetch = new OrderedPrefetch<Fetched>(units.flatMap(itemsOf), async (item, signal) => {
    const bytes = await o.fetchBytes(item.url, signal);
    const columns = (item as Item).columns;
    if (!columns) return { ipc: bytes, rows: 0, bytes: bytes.byteLength };
    return { ...o.decodeParquet(bytes, columns), bytes: bytes.byteLength };
  }, { aheadBytes: Math.max(o.aheadBytes ?? 32 * 2 ** 20, groupBytes), concurrency: o.concurrency ?? 4, signal: o.signal });
  try {
    for (const u of units) {
      const items = itemsOf(u);
      const parts: Fetched[] = [];
      for (let i = 0; i < items.length; i++) parts.push(await prefetch.take());
      const got = parts.reduce((n, p) => n + p.bytes, 0);
      if (u.kind === 'hot') progress.bytesTotal += got;
      const load = unitLoad(u, o.targets);
      const rows = await o.turn(async (ops) => {
        for (const p of parts) if (p.ipc.byteLength) await ops.insertIpc(load.into, p.ipc);
        let n = load.direct ? parts.reduce((k, p) => k + p.rows, 0) : 0;
        for (const s of load.statements) {
          if (s.raw) n += rowCountOf(await ops.queryRows(s.sql));
          else await ops.exec(s.sql);
        }
        return n;
      });
      prefetch.release(items.reduce((n, i) => n + i.bytes, 0));
      progress.bytesLoaded += got;
      progress.rowsLoaded += rows;
      o.onProgress?.({ ...progress });
    }
  } catch (e) {
    prefetch.cancel();
    throw e;
  }
  return progress;
}
