// Loads history into DuckDB-WASM (lake files + hot part, or filtered IPC snapshots), keeps it and the rollups current
// from /live, and reports counts with the seq they belong to.
//
// How snapshot + live avoid gaps and double counting:
// - Each fact snapshot reports S_t (x-opsdeck-seq): it holds every batch of table t with seq <= S_t.
//   The three snapshots are fetched concurrently, so S_usage, S_kpi, S_alarm may differ.
// - We subscribe once with afterSeq = min_t S_t, so no table misses a batch (no gap).
// - A frame (t, q) with q <= S_t is skipped (already in t's snapshot); a frame whose batches are all
//   newer than S_t is inserted; a coalesced frame that may straddle S_t (previous frame of t on this
//   subscription < S_t < q) goes through a staging table and inserts only rows whose key
//   (TABLES[t].key) is absent. Nothing is counted twice, and no retry loop is needed.
// - Until the applied seq reaches max_t S_t the tables are not at one common seq, so counts are
//   not published ("catching-up"); afterwards counts and the applied seq are read in one exclusive
//   DuckDB turn, so they always describe the same moment.
// - Rows older than the window start (late live rows) are deleted right after their insert, in
//   the same turn, so the browser holds exactly "ts >= sinceMs" like the server's rowsSince.
// - Backpressure: we subscribe with ack flow control (maxInFlight) and ack each applied drain, so
//   the server holds and coalesces frames while DuckDB is busy; frames that did arrive meanwhile
//   are coalesced per table (FrameCoalescer). Past a row bound, or on a server `resync`, the facts
//   are re-snapshotted and the socket resubscribed.
// - The server only coalesces consecutive batches of one table, and frames arrive in seq order,
//   so after a frame with seq q every batch <= q has been received.
// - A dropped socket is also recovered by re-snapshotting, not by resuming after the last seq:
//   the server may have restarted and lost unflushed live batches we already hold (its seqs
//   carry no epoch), and a 24 h snapshot is cheap next to a silently wrong count.
//
// History as files (a reader without a data scope; the server answers a scoped reader's plan with `scoped`, and the
// IPC snapshots above are used instead, without rollups):
// - One plan (`/data/plan`) cuts every table at one instant: one seq S for all fact tables, so afterSeq = S and no
//   frame ever needs the dedupe path. Lake files (Parquet, decoded in the page: DuckDB-WASM's own reader is an
//   extension it would download) give the rows below the hot window's coverage start C (cut `ts < C` on insert: a
//   file may also hold flushed rows from C on), the hot part (IPC, batches <= S) the rest.
// - Rollups (schema/rollups.ts, all days) come from their day files for buckets before each rollup's cut (C floored to
//   its grain: such buckets hold only rows below C, all in the lake); from the cut on, the browser rolls up raw rows
//   itself: lake rows in [cut, C), the hot part, then every applied live batch. Each raw row is rolled up exactly
//   once: files (ts < cut) | lake rows [cut, C) | hot part (ts >= C, seq <= S) | live frames (seq > S) are disjoint.
// - Loads go into twin tables (`<t>__load`) that replace the live ones in one turn with the new seq, so views never
//   see a half-loaded table, also during a resync. A file gone since the plan (compaction) means a new plan.
import { FACT_TABLES, TABLES, type FactTable, type TableName } from '../../schema/tables.js';
import type { FilesPlan, LiveFrameHeader } from '../../schema/dataPlane.js';
import { ROLLUP_NAMES, rollupsOf, type RollupName } from '../../schema/rollups.js';
import { openDuckDb, type DuckDbClient, type DuckDbOps, type SqlRow } from '../db/duckdbClient.js';
import {
  createRollupTableSql, createStagingSqlFor, createTableSqlFor, deleteBeforeSql, loadTableName, quoteIdent,
  replaceWithLoadedSql, stagingTableName,
} from '../db/tableDdl.js';
import { fetchHistoryPlan, fetchPlanBytes, PlanExpiredError } from './historyFetch.js';
import { loadHistory, type LoadProgress, type ParquetDecoder } from './historyLoader.js';
import { loadParquetDecoder } from './parquetDecode.js';
import { applyStagedSql } from './historySql.js';
import { FrameCoalescer, type CoalescedBatch } from './frameCoalescer.js';
import { mergeIpcStreams } from './ipcMerge.js';
import { planLiveFrame } from './liveFramePlan.js';
import { LiveSocket, liveUrl } from './liveSocket.js';
import { fetchSnapshot, type Snapshot } from './snapshotFetch.js';
import { HttpError } from '../api/apiFetch.js';
import { dataClockMs, windowSinceMs, type CatalogClock } from './timeWindow.js';
import { RateMeter } from '../../domain/metrics/rateMeter.js';

export const BROWSER_TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const satisfies readonly TableName[];
export type BrowserTable = (typeof BROWSER_TABLES)[number];
const DIMENSION_TABLES = ['site', 'tier', 'account'] as const satisfies readonly BrowserTable[];

export type TableCounts = Record<BrowserTable, number>;

export interface CountsAtSeq {
  /** Live seq the counts include (every batch <= seq, none after). */
  seq: number;
  counts: TableCounts;
  readAtMs: number;
}

export type DatasetPhase = 'starting' | 'snapshot' | 'catching-up' | 'live' | 'resyncing' | 'error';

/** How history reaches the browser: lake files + hot part, or (a reader with a data scope) filtered IPC snapshots. */
export type DataPath = 'files' | 'ipc';

/**
 * The rollup tables (named as the rollups, e.g. `kpi_5m`; every day, kept current from live batches): 'loading' until
 * the first history load, 'ready', or 'unavailable' for a reader with a data scope (no rollup files would be theirs
 * alone): pages then read raw rows or the server.
 */
export type RollupsState = 'loading' | 'ready' | 'unavailable';

export interface DatasetState {
  phase: DatasetPhase;
  dataPath: DataPath | null;
  rollups: RollupsState;
  /** The history load in flight (start or resync): bytes and raw rows loaded of the plan's totals; null when none. */
  load: LoadProgress | null;
  /** True once DuckDB is loaded, the snapshot inserted and the tables at one common seq. */
  ready: boolean;
  error: string | null;
  bundle: 'eh' | 'mvp' | null;
  sinceMs: number | null;
  snapshotSeq: Record<FactTable, number> | null;
  appliedSeq: number | null;
  serverSeqAtHello: number | null;
  socket: 'connecting' | 'open' | 'closed';
  /** Milliseconds from start() to ready. */
  timeToReadyMs: number | null;
  snapshotRows: number;
  liveRowsApplied: number;
  browserRowsPerSec: number;
  pendingRows: number;
  dedupedBatches: number;
  reconnects: number;
  resyncs: number;
}

export interface LiveDatasetOptions {
  /** The server catalog (for the data clock); null when unavailable. */
  fetchCatalog(): Promise<CatalogClock | null>;
  /** Backlog bound before giving up on the stream and re-snapshotting. */
  maxPendingRows?: number;
}

const INITIAL_STATE: DatasetState = {
  phase: 'starting', dataPath: null, rollups: 'loading', load: null, ready: false, error: null, bundle: null, sinceMs: null, snapshotSeq: null, appliedSeq: null,
  serverSeqAtHello: null, socket: 'closed', timeToReadyMs: null, snapshotRows: 0, liveRowsApplied: 0,
  browserRowsPerSec: 0, pendingRows: 0, dedupedBatches: 0, reconnects: 0, resyncs: 0,
};

function countsSql(): string {
  return BROWSER_TABLES.map((t) => `SELECT '${t}' AS name, count(*)::DOUBLE AS n FROM ${quoteIdent(t)}`).join(' UNION ALL ');
}

/** Planned history loads retried with a new plan when a file vanished meanwhile. */
const MAX_PLAN_ATTEMPTS = 3;

export class LiveDataset {
  private state: DatasetState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  private db: DuckDbClient | null = null;
  /** True once rollup tables are loaded: live batches of their source tables are then rolled up too. */
  private rollupsLive = false;
  /** Stops history downloads when the dataset stops. */
  private readonly loads = new AbortController();
  private decoder: Promise<ParquetDecoder> | null = null;
  private socket: LiveSocket | null = null;
  private readonly coalescer: FrameCoalescer;
  private snapshotSeq: Record<FactTable, number> = { usage: 0, kpi: 0, alarm: 0 };
  /** Seq of the previous frame per table on the current subscription (or its afterSeq). */
  private prevFrameSeq: Record<FactTable, number> = { usage: 0, kpi: 0, alarm: 0 };
  private lastReceivedSeq = 0;
  private appliedSeq = 0;
  private sinceMs = 0;
  private draining: Promise<void> | null = null;
  private resyncing = false;
  /** Rows applied per second over the last 5 full seconds. */
  private readonly rate = new RateMeter(5);
  private startedAt = 0;
  private lastCounts: CountsAtSeq | null = null;
  private stopped = false;

  constructor(private readonly opts: LiveDatasetOptions) {
    this.coalescer = new FrameCoalescer(opts.maxPendingRows ?? 2_000_000);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): DatasetState => this.state;

  private patch(p: Partial<DatasetState>): void {
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }

  private fail(e: unknown): void {
    console.error(e);
    this.patch({ phase: 'error', error: e instanceof Error ? e.message : String(e) });
  }

  async start(): Promise<void> {
    this.startedAt = performance.now();
    let dbReady: Promise<DuckDbClient> | null = null;
    try {
      // Compiling the wasm and planning / downloading the history overlap: neither needs the other.
      dbReady = openDuckDb().then(async (db) => {
        await db.exclusive(async (ops) => {
          for (const t of BROWSER_TABLES) await ops.exec(createTableSqlFor(t));
          for (const t of FACT_TABLES) await ops.exec(createStagingSqlFor(t));
        });
        this.patch({ bundle: db.bundle });
        return db;
      });
      dbReady.catch(() => undefined); // reported by the await below
      const catalog = await this.opts.fetchCatalog().catch(() => null);
      this.sinceMs = windowSinceMs(dataClockMs(catalog, Date.now()));
      this.patch({ sinceMs: this.sinceMs, phase: 'snapshot' });
      const plan = await fetchHistoryPlan({ tables: BROWSER_TABLES, fromMs: this.sinceMs, rollups: true }, { signal: this.loads.signal });
      if (plan.kind === 'files') void this.parquet().catch(() => undefined); // reported when the load awaits it
      if (plan.kind === 'scoped') {
        this.patch({ dataPath: 'ipc', rollups: 'unavailable' });
        await this.startFromSnapshots(dbReady);
      } else {
        this.patch({ dataPath: 'files' });
        const db = await dbReady;
        if (this.stopped) { void db.close(); return; }
        await db.exclusive(async (ops) => {
          for (const t of BROWSER_TABLES) await ops.exec(createTableSqlFor(t, loadTableName(t)));
          for (const r of ROLLUP_NAMES) {
            for (const as of [r, loadTableName(r), stagingTableName(r)]) await ops.exec(createRollupTableSql(r, as));
          }
        });
        await this.installFromFiles(db, BROWSER_TABLES, plan);
      }
      // stop() closes whatever it found installed; a load it cut short ends in the catch below.
      if (this.stopped) return;
      this.openSocket();
    } catch (e) {
      // A start that failed before installing DuckDB would otherwise leave its worker running.
      if (!this.db) dbReady?.then((db) => db.close()).catch(() => undefined);
      if (!this.stopped) this.fail(e);
    }
  }

  /** A scoped reader's start: filtered IPC snapshots of every table. */
  private async startFromSnapshots(dbReady: Promise<DuckDbClient>): Promise<void> {
    const [dims, facts] = await Promise.all([
      Promise.all(DIMENSION_TABLES.map((t) => fetchSnapshot(t))),
      this.fetchFactSnapshots(),
    ]);
    const db = await dbReady;
    if (this.stopped) { void db.close(); return; }
    this.db = db;
    await db.exclusive(async (ops) => {
      for (const s of dims) await ops.insertIpc(s.table, s.ipc);
      await this.installFactSnapshots(ops, facts);
    });
    this.patch({ snapshotRows: [...dims, ...facts].reduce((n, s) => n + Math.max(0, s.rows), 0) });
  }

  /**
   * Loads `tables` (and the rollups of their facts) from a plan into the load twins, then puts them in place with the
   * plan's seq in one turn. A file gone since the plan (compaction) means a new plan.
   */
  private async installFromFiles(db: DuckDbClient, tables: readonly BrowserTable[], first: FilesPlan | null = null): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const plan = attempt === 1 && first ? first
        : await fetchHistoryPlan({ tables, fromMs: this.sinceMs, rollups: true }, { signal: this.loads.signal });
      if (plan.kind !== 'files') throw new Error('the server no longer serves files to this reader (data scope changed?): sign in again');
      const rollups = plan.tables.flatMap((t) => (t.kind === 'fact' ? t.rollups.map((r) => r.name) : []));
      const twins: readonly string[] = [...plan.tables.map((t) => t.table), ...rollups];
      try {
        await db.exclusive(async (ops) => { for (const t of twins) await ops.exec(`DELETE FROM ${quoteIdent(loadTableName(t))}`); });
        const done = await loadHistory(plan, {
          turn: (fn) => db.exclusive(fn),
          fetchBytes: (url, signal) => fetchPlanBytes(url, { signal }),
          decodeParquet: await this.parquet(),
          targets: { tableOf: (t) => (twins.includes(t) ? loadTableName(t) : t), stagingOf: (t) => stagingTableName(t) },
          onProgress: (load) => this.patch({ load }),
          signal: this.loads.signal,
        });
        // Views and counts use the dataset from here on; the swap below is queued before anything they ask.
        this.db = db;
        await db.exclusive(async (ops) => {
          for (const t of plan.tables) for (const sql of replaceWithLoadedSql(t.table, createTableSqlFor(t.table, loadTableName(t.table)))) await ops.exec(sql);
          for (const r of rollups) for (const sql of replaceWithLoadedSql(r, createRollupTableSql(r, loadTableName(r)))) await ops.exec(sql);
          this.rollupsLive = rollups.length > 0;
          this.installSeqs(Object.fromEntries(FACT_TABLES.map((t) => [t, plan.seq])) as Record<FactTable, number>);
        });
        this.patch({ load: null, snapshotRows: done.rowsLoaded, ...(this.rollupsLive ? { rollups: 'ready' as const } : {}) });
        return;
      } catch (e) {
        if (!(e instanceof PlanExpiredError) || attempt >= MAX_PLAN_ATTEMPTS) throw e;
        console.warn('history plan out of date, planning again:', e.message);
      }
    }
  }

  /** The Parquet decoder, loaded on first use (its WebAssembly compiles while the plan downloads). */
  private parquet(): Promise<ParquetDecoder> {
    this.decoder ??= loadParquetDecoder();
    return this.decoder;
  }

  /** Ends the sync for good (sign-out, expired session): closes the socket and DuckDB, also mid-start. */
  stop(): void {
    this.stopped = true;
    this.loads.abort();
    this.socket?.stop();
    void this.db?.close();
  }

  /**
   * Counts and the seq they include, read in one DuckDB turn. While the tables are not at one
   * common seq (catching up after a snapshot or resync) the last consistent reading is returned.
   */
  async readCounts(): Promise<CountsAtSeq | null> {
    const db = this.db;
    if (!db) return null;
    return db.exclusive(async (ops) => {
      if (!this.isConsistent()) return this.lastCounts;
      const seq = this.appliedSeq;
      const rows = await ops.queryRows<{ name: string; n: number }>(countsSql());
      const counts = Object.fromEntries(BROWSER_TABLES.map((t) => [t, 0])) as TableCounts;
      for (const r of rows) counts[r.name as BrowserTable] = r.n;
      this.lastCounts = { seq, counts, readAtMs: Date.now() };
      return this.lastCounts;
    });
  }

  /**
   * Replaces a derived table (e.g. the rated revenue tables) with an Arrow IPC snapshot in one DuckDB
   * turn, so views never see it half-loaded. Available once the dataset is ready.
   */
  async replaceTable(table: string, createSql: string, ipc: Uint8Array): Promise<void> {
    const db = this.db;
    if (!db) throw new Error(`DuckDB not ready: cannot load ${table}`);
    await db.exclusive(async (ops) => {
      await ops.exec(createSql);
      await ops.insertIpc(table, ipc);
    });
  }

  /** Read-only SQL for views; runs between inserts, never during one. */
  async query<R extends SqlRow>(sql: string): Promise<R[]> {
    if (!this.db) return [];
    return this.db.queryRows<R>(sql);
  }

  private isConsistent(): boolean {
    return this.appliedSeq >= Math.max(...FACT_TABLES.map((t) => this.snapshotSeq[t]));
  }

  private fetchFactSnapshots(): Promise<Snapshot[]> {
    return Promise.all(FACT_TABLES.map((t) => fetchSnapshot(t, this.sinceMs)));
  }

  /** Replaces the fact tables with fresh snapshots and resets the subscription point (one DuckDB turn). */
  private async installFactSnapshots(ops: DuckDbOps, snaps: readonly Snapshot[]): Promise<void> {
    for (const t of FACT_TABLES) await ops.exec(`DELETE FROM ${quoteIdent(t)}`);
    for (const s of snaps) await ops.insertIpc(s.table, s.ipc);
    this.installSeqs(Object.fromEntries(snaps.map((s) => [s.table, s.seq])) as Record<FactTable, number>);
  }

  /** The seqs the fact tables now hold; the stream resumes after the lowest (call inside the turn that installed them). */
  private installSeqs(seqs: Record<FactTable, number>): void {
    for (const t of FACT_TABLES) this.snapshotSeq[t] = seqs[t];
    const minSeq = Math.min(...FACT_TABLES.map((t) => seqs[t]));
    this.appliedSeq = minSeq;
    this.lastReceivedSeq = minSeq;
    this.markProgress();
    this.patch({ snapshotSeq: { ...this.snapshotSeq } });
  }

  private openSocket(): void {
    this.socket = new LiveSocket(liveUrl(window.location), {
      afterSeq: () => {
        // Every (re)subscription restarts the per-table frame ranges at afterSeq.
        for (const t of FACT_TABLES) this.prevFrameSeq[t] = this.lastReceivedSeq;
        return this.lastReceivedSeq;
      },
      onHello: (seq) => {
        this.patch({ serverSeqAtHello: seq });
        if (seq < this.lastReceivedSeq) void this.resync(`server seq ${seq} is behind ours`);
      },
      onFrame: (h, ipc) => this.onFrame(h, ipc),
      onResync: (reason) => void this.resync(reason),
      onStateChange: (socket) => this.patch({ socket }),
      onLost: () => {
        this.patch({ reconnects: this.state.reconnects + 1 });
        void this.resync('live connection lost');
      },
    });
    this.socket.start();
  }

  private onFrame(h: LiveFrameHeader, ipc: Uint8Array): void {
    if (this.resyncing) return;
    if (!(FACT_TABLES as readonly string[]).includes(h.table)) return;
    if (h.seq <= this.lastReceivedSeq) return; // a replay after reconnect
    const action = planLiveFrame(h.seq, this.prevFrameSeq[h.table], this.snapshotSeq[h.table]);
    this.prevFrameSeq[h.table] = h.seq;
    this.lastReceivedSeq = h.seq;
    let withinBound = true;
    if (action === 'skip') this.coalescer.noteSeq(h.seq);
    else withinBound = this.coalescer.push({ table: h.table, seq: h.seq, rows: h.rows, ipc, dedupe: action === 'insert-dedupe' });
    if (!withinBound) {
      void this.resync(`browser backlog over ${this.coalescer.pendingRows} rows`);
      return;
    }
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => { this.draining = null; });
  }

  private async drain(): Promise<void> {
    const db = this.db;
    if (!db) return;
    try {
      while (!this.coalescer.isEmpty) {
        const { batches, seq } = this.coalescer.takeAll();
        let rows = 0;
        let deduped = 0;
        await db.exclusive(async (ops) => {
          for (const b of batches) {
            rows += await this.applyBatch(ops, b);
            if (b.dedupe) deduped++;
          }
          if (seq !== null) this.appliedSeq = Math.max(this.appliedSeq, seq);
        });
        if (seq !== null) this.socket?.ack(seq);
        this.rate.add(rows);
        this.patch({
          liveRowsApplied: this.state.liveRowsApplied + rows,
          dedupedBatches: this.state.dedupedBatches + deduped,
          pendingRows: this.coalescer.pendingRows,
        });
        this.markProgress();
      }
    } catch (e) {
      this.fail(e);
    }
  }

  /** Inserts one coalesced batch (and rolls it up); returns the rows it carried. */
  private async applyBatch(ops: DuckDbOps, b: CoalescedBatch): Promise<number> {
    const timeColumn = TABLES[b.table].timeColumn;
    const merged = mergeIpcStreams(b.ipcs, timeColumn);
    if (merged.rows === 0) return 0;
    const rollups: RollupName[] = this.rollupsLive ? rollupsOf(b.table) : [];
    if (b.dedupe || rollups.length) {
      // Through the staging table: the batch is one relation for the key check, the window and each rollup.
      const staging = stagingTableName(b.table);
      await ops.insertIpc(staging, merged.ipc);
      const statements = applyStagedSql({
        table: b.table, staging, target: b.table, span: { fromMs: this.sinceMs, toMs: null },
        rollups: rollups.map((name) => ({ name, target: name })), dims: { account: 'account' }, dedupe: b.dedupe,
      });
      for (const sql of statements) await ops.exec(sql);
      return merged.rows;
    }
    await ops.insertIpc(b.table, merged.ipc);
    if (merged.minTimeMs !== null && merged.minTimeMs < this.sinceMs) {
      const del = deleteBeforeSql(b.table, this.sinceMs);
      if (del) await ops.exec(del);
    }
    return merged.rows;
  }

  private markProgress(): void {
    const consistent = this.isConsistent();
    const becameReady = consistent && !this.state.ready;
    this.patch({
      appliedSeq: this.appliedSeq,
      browserRowsPerSec: this.rate.perSecond(),
      phase: this.resyncing ? 'resyncing' : consistent ? 'live' : 'catching-up',
      ...(becameReady ? { ready: true, timeToReadyMs: Math.round(performance.now() - this.startedAt) } : {}),
    });
  }

  private async resync(reason: string): Promise<void> {
    if (this.resyncing || !this.db || this.stopped) return;
    console.warn('live resync:', reason);
    this.resyncing = true;
    this.patch({ phase: 'resyncing', resyncs: this.state.resyncs + 1 });
    this.socket?.stop();
    this.coalescer.clear();
    await this.draining;
    // Retry with backoff while the server is away; counts keep showing the last consistent reading.
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5000)) {
      try {
        if (this.state.dataPath === 'files') {
          await this.installFromFiles(this.db, FACT_TABLES);
        } else {
          const facts = await this.fetchFactSnapshots();
          await this.db.exclusive((ops) => this.installFactSnapshots(ops, facts));
        }
        break;
      } catch (e) {
        // A refusal (signed out, or the role lost access) will not heal by retrying: stop and say so.
        if (e instanceof HttpError && (e.status === 401 || e.status === 403)) {
          this.resyncing = false;
          this.fail(e);
          return;
        }
        this.patch({ error: `resync: ${e instanceof Error ? e.message : String(e)}` });
        await new Promise((r) => setTimeout(r, delayMs));
      }
      if (this.stopped) return;
    }
    this.resyncing = false;
    if (this.stopped) return;
    this.patch({ error: null });
    this.markProgress();
    this.openSocket();
  }
}
