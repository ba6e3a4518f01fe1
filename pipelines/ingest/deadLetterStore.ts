// Dead-letter store: every rejected event with its reason, counted by reason code (counts persisted, never dropped)
// and kept on disk as JSONL per day, rotated under a total size cap (oldest files go first, and are counted).
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { boundedJson, DEFAULT_MAX_CHARS } from './boundedJson.js';

export interface DeadLetter {
  atMs: number;
  table: string;
  source: string;
  code: string;
  reason: string;
  /** The raw event, JSON, truncated to keep one bad producer from filling the disk. */
  raw: string;
}

export interface DeadLetterStoreOptions {
  /** Cap on all dead-letter files together; the oldest files are deleted first. Default 64 MiB. */
  maxTotalBytes?: number;
  /** Cap on one file; a day that needs more continues in `<day>.<n>.jsonl`. Default 8 MiB (at most the total). */
  maxFileBytes?: number;
  /** Distinct `table.code` keys kept apart; later new tables are counted under `_other.<code>`. Default 1000. */
  maxReasonKeys?: number;
  /** Clock for the day of a file (tests). */
  now?: () => number;
}

/** What survives a restart: the counts file written atomically on every flush. */
export interface DeadLetterCounts {
  /** Dead letters ever counted (since the first start of a store with a counts file). */
  total: number;
  byReason: Record<string, number>;
  /** Bodies appended to the JSONL files. */
  bodiesWritten: number;
  /** Bodies never written: over the cap between two flushes, larger than a file, or a failed write. */
  bodiesNotWritten: number;
  /** Bodies deleted from disk by rotation under the total cap. */
  bodiesRotatedAway: number;
}

export const COUNTS_FILE = 'counts.json';

/** The table and reason code of a `table.code` count key, split at the last dot (codes have none; a NATS subject's table may). */
export function reasonKeyParts(key: string): { table: string; code: string } {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? { table: '', code: key } : { table: key.slice(0, dot), code: key.slice(dot + 1) };
}
const MIB = 1024 * 1024;
const RECENT_KEPT = 200;
const MAX_REASON_CHARS = 500;
const MAX_NAME_CHARS = 64;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})(?:\.(\d+))?\.jsonl$/;

interface DayFile { name: string; day: string; part: number; bytes: number; full?: boolean }

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function byAge(a: DayFile, b: DayFile): number {
  return a.day < b.day ? -1 : a.day > b.day ? 1 : a.part - b.part;
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      const buf = chunk as Buffer;
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
    }
  } catch { /* gone or unreadable: count what was seen */ }
  return n;
}

export class DeadLetterStore {
  private readonly byCode = new Map<string, number>();
  private readonly recentRing: DeadLetter[] = [];
  private pending: string[] = [];
  private pendingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | null = null;
  private files: DayFile[] | null = null;
  /** Mutations so far, and how many of them the counts file holds: equal means nothing to save. */
  private changes = 0;
  private savedChanges = 0;
  private flushedOnce = false;
  private readonly maxTotalBytes: number;
  private readonly maxFileBytes: number;
  private readonly maxReasonKeys: number;
  private readonly now: () => number;
  total = 0;
  bodiesWritten = 0;
  bodiesNotWritten = 0;
  bodiesRotatedAway = 0;

  /**
   * `dir` null keeps dead letters in memory only (tests). Counts persisted by an earlier run are merged in by
   * `load()`, which `open()` awaits and the first `flush()` runs if nobody did.
   */
  constructor(private readonly dir: string | null, o: DeadLetterStoreOptions = {}) {
    this.maxTotalBytes = Math.max(1, o.maxTotalBytes ?? 64 * MIB);
    this.maxFileBytes = Math.max(1, Math.min(o.maxFileBytes ?? 8 * MIB, this.maxTotalBytes));
    this.maxReasonKeys = o.maxReasonKeys ?? 1000;
    this.now = o.now ?? Date.now;
  }

  /** A store with the counts of earlier runs already loaded (what the runtime should use). */
  static async open(dir: string | null, o: DeadLetterStoreOptions = {}): Promise<DeadLetterStore> {
    const s = new DeadLetterStore(dir, o);
    await s.load();
    return s;
  }

  /** Merges the persisted counts into the in-memory ones (added since construction) and lists the files. Idempotent. */
  load(): Promise<void> {
    this.loaded ??= this.readState();
    return this.loaded;
  }

  add(table: string, source: string, code: string, reason: string, raw: unknown, atMs = Date.now()): void {
    const d: DeadLetter = {
      atMs, table: clip(String(table), MAX_NAME_CHARS), source: clip(String(source), MAX_NAME_CHARS),
      code: clip(String(code), MAX_NAME_CHARS), reason: clip(String(reason), MAX_REASON_CHARS),
      raw: boundedJson(raw, { maxChars: DEFAULT_MAX_CHARS }),
    };
    this.total++;
    this.changes++;
    this.bump(this.keyFor(d.table, d.code), 1);
    this.recentRing.push(d);
    if (this.recentRing.length > RECENT_KEPT) this.recentRing.shift();
    if (!this.dir) return;
    // Every field is bounded, so this stringify is small and cannot overflow.
    const line = JSON.stringify(d);
    const bytes = Buffer.byteLength(line) + 1;
    // Between two flushes at most one file's worth waits in memory; the rest is counted, not kept.
    if (bytes > this.maxFileBytes || this.pendingBytes + bytes > this.maxFileBytes) { this.bodiesNotWritten++; return; }
    this.pending.push(line);
    this.pendingBytes += bytes;
  }

  /** Counts keyed `table.code`, e.g. `usage.unknown_site`; include earlier runs once loaded. */
  counts(): Record<string, number> { return Object.fromEntries(this.byCode); }

  /** Everything the counts file holds. */
  summary(): DeadLetterCounts {
    return {
      total: this.total, byReason: this.counts(), bodiesWritten: this.bodiesWritten,
      bodiesNotWritten: this.bodiesNotWritten, bodiesRotatedAway: this.bodiesRotatedAway,
    };
  }

  recent(limit = 50): DeadLetter[] { return this.recentRing.slice(-limit).reverse(); }

  /** Bytes of dead-letter files on disk as last seen by this store. */
  get diskBytes(): number { return (this.files ?? []).reduce((a, f) => a + f.bytes, 0); }

  /**
   * Appends pending lines to today's file(s), deletes the oldest files while over the cap, then writes the counts
   * file (tmp + rename). Serialised so lines never interleave; a failed flush does not block later ones.
   */
  flush(): Promise<void> {
    if (!this.dir || (this.flushedOnce && !this.pending.length && this.changes === this.savedChanges)) return this.writing;
    this.flushedOnce = true;
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const task = () => this.write(lines);
    const run = this.writing.then(task, task);
    this.writing = run.catch(() => undefined);
    return run;
  }

  private keyFor(table: string, code: string): string {
    const key = `${table}.${code}`;
    return this.byCode.has(key) || this.byCode.size < this.maxReasonKeys ? key : `_other.${code}`;
  }

  private bump(key: string, n: number): void { this.byCode.set(key, (this.byCode.get(key) ?? 0) + n); }

  private async readState(): Promise<void> {
    if (!this.dir) return;
    let saved: Partial<DeadLetterCounts> | null = null;
    try {
      saved = JSON.parse(await readFile(path.join(this.dir, COUNTS_FILE), 'utf8')) as Partial<DeadLetterCounts>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A damaged counts file must not stop ingest; keep it aside for a human and count afresh.
        await rename(path.join(this.dir, COUNTS_FILE), path.join(this.dir, `${COUNTS_FILE}.damaged-${Date.now()}`)).catch(() => undefined);
      }
    }
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
    if (saved) {
      this.total += num(saved.total);
      this.bodiesWritten += num(saved.bodiesWritten);
      this.bodiesNotWritten += num(saved.bodiesNotWritten);
      this.bodiesRotatedAway += num(saved.bodiesRotatedAway);
      // Persisted keys were counted before, so they are kept apart even beyond maxReasonKeys.
      for (const [k, v] of Object.entries(saved.byReason ?? {})) this.bump(k, num(v));
    }
    this.files = await this.listFiles();
  }

  private async listFiles(): Promise<DayFile[]> {
    const dir = this.dir!;
    let names: string[];
    try { names = await readdir(dir); } catch { return []; }
    const files: DayFile[] = [];
    for (const name of names) {
      const m = DAY_FILE.exec(name);
      if (!m) continue;
      const st = await stat(path.join(dir, name)).catch(() => null);
      if (st?.isFile()) files.push({ name, day: m[1]!, part: Number(m[2] ?? 0), bytes: st.size });
    }
    return files.sort(byAge);
  }

  private async write(lines: string[]): Promise<void> {
    await this.load();
    const dir = this.dir!;
    const files = this.files!;
    await mkdir(dir, { recursive: true });
    try {
      await this.appendLines(dir, files, lines);
    } catch (e) {
      this.bodiesNotWritten += lines.length;
      this.changes++;
      await this.writeCounts(dir).catch(() => undefined);
      throw e;
    }
    await this.rotate(dir, files);
    await this.writeCounts(dir);
  }

  /** Fills today's newest file up to maxFileBytes, then continues in the next part. */
  private async appendLines(dir: string, files: DayFile[], lines: string[]): Promise<void> {
    const day = new Date(this.now()).toISOString().slice(0, 10);
    let i = 0;
    while (i < lines.length) {
      const today = files.filter((f) => f.day === day);
      let f = today[today.length - 1];
      if (!f || f.full || f.bytes >= this.maxFileBytes) {
        const part = f ? f.part + 1 : 0;
        f = { name: part ? `${day}.${part}.jsonl` : `${day}.jsonl`, day, part, bytes: 0 };
        files.push(f);
        files.sort(byAge);
      }
      let chunk = '';
      let bytes = 0;
      let n = 0;
      while (i + n < lines.length) {
        const b = Buffer.byteLength(lines[i + n]!) + 1;
        // An empty file takes at least one line (add() never queues a line over maxFileBytes).
        if (f.bytes + bytes + b > this.maxFileBytes && (f.bytes + bytes) > 0) break;
        chunk += `${lines[i + n]!}\n`;
        bytes += b;
        n++;
      }
      if (n === 0) { f.full = true; continue; }
      await appendFile(path.join(dir, f.name), chunk);
      f.bytes += bytes;
      this.bodiesWritten += n;
      i += n;
    }
  }

  /** Deletes the oldest files while the total is over the cap; their lines are counted as rotated away. */
  private async rotate(dir: string, files: DayFile[]): Promise<void> {
    let total = files.reduce((a, f) => a + f.bytes, 0);
    while (total > this.maxTotalBytes && files.length > 0) {
      const f = files.shift()!;
      const file = path.join(dir, f.name);
      this.bodiesRotatedAway += await countLines(file);
      await rm(file, { force: true });
      total -= f.bytes;
      this.changes++;
    }
  }

  private async writeCounts(dir: string): Promise<void> {
    const tmp = path.join(dir, `${COUNTS_FILE}.tmp`);
    const changes = this.changes;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify({ ...this.summary(), updatedAtMs: Date.now() }, null, 1));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path.join(dir, COUNTS_FILE));
    this.savedChanges = changes;
  }
}
