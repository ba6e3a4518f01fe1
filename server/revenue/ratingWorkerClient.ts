// The main thread's side of the rating worker: starts it (again after a crash), sends one rating request at a time and
// turns the answer back into a RatedLake whose row arrays are decoded from the moved IPC bytes in small slices.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ipcToTable } from '../../schema/arrowRows.js';
import type { TableSpec } from '../../schema/columns.js';
import { RATED_TABLES, type ModelDayRow, type QuotaBurnRow, type RatedTableName, type RevenueDayRow } from '../../schema/ratedTables.js';
import type { Account } from '../../schema/tables.js';
import type { RatedLake } from '../../pipelines/rating/rateLake.js';
import type { RatingRange } from '../../pipelines/rating/rateAccount.js';
import type { RateRequest, RateResponse, RatingStats } from './ratingProtocol.js';

export interface WorkerRating {
  rated: RatedLake;
  ipc: Record<RatedTableName, Uint8Array>;
  rows: Record<RatedTableName, number>;
  stats: RatingStats;
  /** Main-thread time to take the answer in (everything else ran in the worker). */
  receiveMs: number;
}

/**
 * The worker's bootstrap: registers tsx's loader in the worker itself, then imports the TypeScript entry. Node 20 does
 * not apply an inherited `--import tsx` to a worker's .ts entry, so this works the same under tsx (npm start, the
 * bench server), plain node and vitest.
 */
function workerBootstrap(): string {
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./ratingWorker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

/** Rows decoded per slice; one slice of model_day takes a few ms, so the event loop keeps turning between slices. */
const ROWS_PER_SLICE = 2048;

function jsValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v ?? null;
}

/**
 * A rated table's rows, decoded from its IPC bytes slice by slice in the background (as tableToRows would: int64 and
 * timestamps as numbers); a reader that comes first finishes the rest at once.
 */
class SlicedRows<T> {
  private readonly out: T[];
  private next = 0;
  private readonly names: string[];
  private readonly vecs: ReturnType<ReturnType<typeof ipcToTable>['getChild']>[];

  constructor(name: RatedTableName, ipc: Uint8Array) {
    const table = ipcToTable(ipc);
    this.names = Object.keys(RATED_TABLES[name] as TableSpec);
    this.vecs = this.names.map((n) => table.getChild(n));
    this.out = new Array<T>(table.numRows);
  }

  get done(): boolean { return this.next >= this.out.length; }

  /** Decodes up to `n` more rows. */
  step(n: number): void {
    const end = Math.min(this.out.length, this.next + n);
    const { names, vecs } = this;
    for (let i = this.next; i < end; i++) {
      const r: Record<string, unknown> = {};
      for (let j = 0; j < names.length; j++) r[names[j]!] = jsValue(vecs[j]?.get(i));
      this.out[i] = r as T;
    }
    this.next = end;
  }

  rows(): T[] {
    if (!this.done) this.step(Infinity);
    return this.out;
  }
}

/** Defines a getter that computes once, on first read. */
function lazy<O extends object, K extends keyof O>(o: O, key: K, make: () => O[K]): void {
  let v: O[K] | undefined;
  Object.defineProperty(o, key, { enumerable: true, configurable: true, get: () => (v ??= make()) });
}

/** Runs the decoders' slices with a macrotask between them until all are done. */
function decodeInBackground(parts: readonly SlicedRows<unknown>[]): void {
  const slice = () => {
    const p = parts.find((x) => !x.done);
    if (!p) return;
    p.step(ROWS_PER_SLICE);
    setImmediate(slice);
  };
  setImmediate(slice);
}

export class RatingWorkerClient {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: { id: number; resolve: (r: RateResponse) => void; reject: (e: Error) => void } | null = null;
  private nextId = 1;
  private accounts: Account[] | null = null;
  private closed = false;

  constructor(private readonly lakeDir: string) {}

  private start(): Promise<void> {
    const w = new Worker(workerBootstrap(), { eval: true, workerData: { lakeDir: this.lakeDir } });
    w.unref();
    this.worker = w;
    this.accounts = null;
    let started!: () => void;
    const ready = new Promise<void>((r) => { started = r; });
    const fail = (err: Error) => {
      // Only the current worker's end fails the run in progress (a replaced one may still report its exit later).
      if (this.worker !== w) return;
      this.worker = null;
      this.ready = null;
      void w.terminate();
      const p = this.pending;
      this.pending = null;
      p?.reject(err);
    };
    w.on('message', (m: RateResponse) => {
      if (m.type === 'ready') { started(); return; }
      if (m.type === 'failed' && m.id === -1) { fail(new Error(`rating worker failed to start: ${m.error}`)); return; }
      const p = this.pending;
      if (p && p.id === m.id) { this.pending = null; p.resolve(m); }
    });
    w.on('error', (err) => fail(err));
    w.on('exit', (code) => fail(new Error(`rating worker exited with code ${code}`)));
    // A worker that dies before it is ready rejects the run that waits for it (fail() above), not this promise.
    this.ready = ready;
    return ready;
  }

  /** Rates [range) as of nowMs in the worker; a crashed worker rejects this run and is replaced on the next. */
  async rate(range: RatingRange, nowMs: number): Promise<WorkerRating> {
    if (this.closed) throw new Error('rating worker closed');
    if (this.pending) throw new Error('a rating is already running');
    const id = this.nextId++;
    const answer = new Promise<RateResponse>((resolve, reject) => { this.pending = { id, resolve, reject }; });
    try {
      const ready = this.worker && this.ready ? this.ready : this.start();
      const w = this.worker!;
      w.ref();
      await Promise.race([ready, answer]);
      const req: RateRequest = { id, range, nowMs, needAccounts: this.accounts === null };
      w.postMessage(req);
      const m = await answer;
      if (m.type === 'failed') throw new Error(m.error);
      if (m.type !== 'rated') throw new Error(`rating worker answered ${m.type}`);
      const t0 = performance.now();
      const rated = this.toRatedLake(m);
      return { rated, ipc: m.ipc, rows: m.rows, stats: m.stats, receiveMs: performance.now() - t0 };
    } finally {
      this.pending = null;
      this.worker?.unref();
    }
  }

  private toRatedLake(m: Extract<RateResponse, { type: 'rated' }>): RatedLake {
    if (m.accounts) this.accounts = m.accounts;
    const accounts = this.accounts;
    if (!accounts) throw new Error('rating worker sent no accounts');
    const rated = {
      range: m.range, tiers: m.tiers, errors: m.errors, errorSamples: m.errorSamples, usageRows: m.usageRows,
      accountDays: { range: m.range, accounts, fen: m.fen, tier: m.tier, paying: m.paying },
    } as RatedLake;
    // Most readers use only the IPC bytes and accountDays; the rows (scoped users, executive figures, history) are
    // decoded in small slices after the answer arrives, or at once by a reader that comes first.
    const revenueDay = new SlicedRows<RevenueDayRow>('revenue_day', m.ipc.revenue_day);
    const modelDay = new SlicedRows<ModelDayRow>('model_day', m.ipc.model_day);
    const quotaBurn = new SlicedRows<QuotaBurnRow>('quota_burn', m.ipc.quota_burn);
    lazy(rated, 'revenueDay', () => revenueDay.rows());
    lazy(rated, 'modelDay', () => modelDay.rows());
    lazy(rated, 'quotaBurn', () => quotaBurn.rows());
    decodeInBackground([revenueDay, modelDay, quotaBurn] as SlicedRows<unknown>[]);
    return rated;
  }

  /** Ends the worker now (the service waits for its run to settle first); a run still pending is rejected. */
  close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    const p = this.pending;
    this.pending = null;
    p?.reject(new Error('rating worker closed'));
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  }
}
