// Dead-letter store: every rejected event with its reason, counted by reason code and kept on disk.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface DeadLetter {
  atMs: number;
  table: string;
  source: string;
  code: string;
  reason: string;
  /** The raw event, JSON, truncated to keep one bad producer from filling the disk. */
  raw: string;
}

const MAX_RAW_CHARS = 2000;
const RECENT_KEPT = 200;

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    return (s ?? String(v)).slice(0, MAX_RAW_CHARS);
  } catch {
    return String(v).slice(0, MAX_RAW_CHARS);
  }
}

export class DeadLetterStore {
  private readonly byCode = new Map<string, number>();
  private readonly recentRing: DeadLetter[] = [];
  private pending: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  total = 0;

  /** `dir` null keeps dead letters in memory only (tests); otherwise appended as JSONL per day. */
  constructor(private readonly dir: string | null) {}

  add(table: string, source: string, code: string, reason: string, raw: unknown, atMs = Date.now()): void {
    const d: DeadLetter = { atMs, table, source, code, reason, raw: safeJson(raw) };
    this.total++;
    const key = `${table}.${code}`;
    this.byCode.set(key, (this.byCode.get(key) ?? 0) + 1);
    this.recentRing.push(d);
    if (this.recentRing.length > RECENT_KEPT) this.recentRing.shift();
    if (this.dir) this.pending.push(JSON.stringify(d));
  }

  /** Counts keyed `table.code`, e.g. `usage.unknown_site`. */
  counts(): Record<string, number> { return Object.fromEntries(this.byCode); }

  recent(limit = 50): DeadLetter[] { return this.recentRing.slice(-limit).reverse(); }

  /** Appends pending lines to today's file; serialised so lines never interleave. */
  flush(): Promise<void> {
    if (!this.dir || !this.pending.length) return this.writing;
    const lines = this.pending.join('\n') + '\n';
    this.pending = [];
    const file = path.join(this.dir, `${new Date().toISOString().slice(0, 10)}.jsonl`);
    const dir = this.dir;
    this.writing = this.writing.then(async () => {
      await mkdir(dir, { recursive: true });
      await appendFile(file, lines);
    });
    return this.writing;
  }
}
