// Write-ahead log of accepted API events: an ingest call is answered only once its rows are fsynced here,
// so "accepted" survives kill -9. Concurrent calls share one write + fsync (group commit). The lake flush
// seals the segment its rows belong to and deletes it once the rows are in Parquet; on start,
// walRecovery.ts puts whatever segments remain into the lake.
import { mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FactTable } from '../../schema/tables.js';

/** One line of a segment: the rows one ingest call accepted into one table (validated, JSON-safe). */
export interface WalRecord { table: FactTable; rows: Record<string, unknown>[] }

const SEGMENT = /^(\d{12})\.wal$/;
const segmentName = (n: number) => `${String(n).padStart(12, '0')}.wal`;

/** Segment files of a WAL directory, oldest first. */
export async function walSegments(dir: string): Promise<{ n: number; file: string }[]> {
  let names: string[];
  try { names = await readdir(dir); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.flatMap((name) => {
    const m = SEGMENT.exec(name);
    return m ? [{ n: Number(m[1]), file: path.join(dir, name) }] : [];
  }).sort((a, b) => a.n - b.n);
}

interface Pending { line: string; resolve: () => void; reject: (e: unknown) => void }

interface Segment {
  n: number;
  handle: Promise<FileHandle> | null;
  queue: Pending[];
  /** The write + fsync in progress (one at a time per segment, so lines never interleave). */
  writing: Promise<void>;
  /** A write failed: the file may end in a partial line, so nothing more is appended to it. */
  broken: boolean;
}

export interface WalStats { appends: number; groupCommits: number; bytes: number; segmentsDeleted: number; failures: number }

export class IngestWal {
  private current: Segment;
  private readonly sealed: Segment[] = [];
  private closed = false;
  private releasing: Promise<void> = Promise.resolve();
  readonly stats: WalStats = { appends: 0, groupCommits: 0, bytes: 0, segmentsDeleted: 0, failures: 0 };

  private constructor(private readonly dir: string, firstSegment: number,
    private readonly onError: (err: unknown) => void) {
    this.current = this.segment(firstSegment);
  }

  /** Opens the log after recovery: new segments number after any left on disk (recovery deletes those it applied). */
  static async open(dir: string, onError: (err: unknown) => void = () => {}): Promise<IngestWal> {
    await mkdir(dir, { recursive: true });
    const existing = await walSegments(dir);
    return new IngestWal(dir, (existing.at(-1)?.n ?? 0) + 1, onError);
  }

  private segment(n: number): Segment {
    return { n, handle: null, queue: [], writing: Promise.resolve(), broken: false };
  }

  private enqueue(seg: Segment, p: Pending): void {
    seg.queue.push(p);
    // Everything queued while the previous write + fsync ran goes out in the next one.
    if (seg.queue.length === 1) seg.writing = seg.writing.then(() => this.commit(seg));
  }

  /** Resolves once the rows are on disk (fsynced); rejects if they could not be made durable (the caller must not acknowledge). */
  append(record: WalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    if (!record.rows.length) return Promise.resolve();
    const line = JSON.stringify(record) + '\n';
    const seg = this.current;
    this.stats.appends++;
    return new Promise<void>((resolve, reject) => this.enqueue(seg, { line, resolve, reject }));
  }

  private async commit(seg: Segment): Promise<void> {
    const batch = seg.queue.splice(0);
    if (!batch.length) return;
    if (seg.broken) { for (const p of batch) this.enqueue(this.current, p); return; }
    const text = batch.map((p) => p.line).join('');
    try {
      seg.handle ??= open(path.join(this.dir, segmentName(seg.n)), 'a');
      const fh = await seg.handle;
      await fh.appendFile(text);
      await fh.datasync();
      this.stats.groupCommits++;
      this.stats.bytes += Buffer.byteLength(text);
      for (const p of batch) p.resolve();
    } catch (err) {
      this.stats.failures++;
      this.onError(err);
      for (const p of batch) p.reject(err);
      // A failed write may leave a partial line: later lines go to a fresh segment, so a torn line is
      // only ever the last of its file (recovery skips it; it was never acknowledged).
      seg.broken = true;
      if (seg === this.current) this.rotate();
    }
  }

  private rotate(): Segment {
    const old = this.current;
    this.sealed.push(old);
    this.current = this.segment(old.n + 1);
    return old;
  }

  /**
   * Lake flusher checkpoint: called when a flush captures the hot window. Every row appended so far is in
   * the captured chunks, so the segments up to now are sealed; the returned function deletes them once
   * the flush has written (and fsynced) those rows to Parquet. A failed flush never calls it, and the
   * next successful one deletes them too.
   */
  checkpoint(): () => void {
    this.rotate();
    const covered = this.sealed.splice(0);
    return () => { this.releasing = this.releasing.then(() => this.release(covered)); };
  }

  private async release(segments: Segment[]): Promise<void> {
    for (const seg of segments) {
      try {
        await seg.writing;
        if (seg.handle) await (await seg.handle).close();
        seg.handle = null;
        await unlink(path.join(this.dir, segmentName(seg.n))).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
        this.stats.segmentsDeleted++;
      } catch (err) {
        // Left on disk it is harmless: recovery skips rows the lake already holds.
        this.onError(err);
      }
    }
  }

  /** Waits for queued writes, then closes; segments stay on disk unless a flush checkpoint released them. */
  async close(): Promise<void> {
    this.closed = true;
    await this.releasing;
    for (const seg of [...this.sealed, this.current]) {
      await seg.writing;
      if (seg.handle) await (await seg.handle).close().catch(() => {});
      seg.handle = null;
    }
  }
}
