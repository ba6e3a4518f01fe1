// Dead-letter store on disk: size cap and rotation (oldest first), counts by reason that survive a re-open,
// and every body that is not on disk (rotated away or never written) counted.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COUNTS_FILE, DeadLetterStore } from '../../pipelines/ingest/deadLetterStore.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 12);
const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-dl-'));
  dirs.push(d);
  return d;
}

/** Independent of the store's bookkeeping: what is really on disk. */
async function onDisk(dir: string): Promise<{ files: string[]; bytes: number; lines: number; sizes: number[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  let bytes = 0, lines = 0;
  const sizes: number[] = [];
  for (const f of files) {
    const text = await readFile(path.join(dir, f), 'utf8');
    sizes.push((await stat(path.join(dir, f))).size);
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').filter(Boolean).length;
    for (const l of text.split('\n').filter(Boolean)) JSON.parse(l); // every line is whole JSON
  }
  return { files, bytes, lines, sizes };
}

const readCounts = async (dir: string) => JSON.parse(await readFile(path.join(dir, COUNTS_FILE), 'utf8')) as Record<string, unknown>;

describe('DeadLetterStore on disk', () => {
  it('keeps the files under the total and per-file caps, deleting the oldest first, and counts what it deleted', async () => {
    const dir = await tempDir();
    let now = T0;
    const store = new DeadLetterStore(dir, { maxTotalBytes: 20_000, maxFileBytes: 5_000, now: () => now });
    const body = 'y'.repeat(400);
    // Three days of 30 dead letters each (~550 bytes a line), flushed every 5 (under one file of pending).
    for (let day = 0; day < 3; day++) {
      now = T0 + day * DAY;
      for (let i = 0; i < 30; i++) {
        store.add(i % 3 === 0 ? 'usage' : 'kpi', 'test', i % 2 ? 'wrong_type' : 'duplicate', `bad ${i}`, { i, body }, now);
        if (i % 5 === 4) await store.flush();
      }
    }
    const disk = await onDisk(dir);
    expect(disk.bytes).toBeLessThanOrEqual(20_000);
    for (const s of disk.sizes) expect(s).toBeLessThanOrEqual(5_000);
    // The first day (2026-03-01) went first; the newest day is all there.
    expect(disk.files.some((f) => f.startsWith('2026-03-01'))).toBe(false);
    expect(disk.files.filter((f) => f.startsWith('2026-03-03')).length).toBeGreaterThan(1);
    const sum = store.summary();
    expect(sum.total).toBe(90);
    expect(sum.bodiesNotWritten).toBe(0);
    expect(sum.bodiesWritten).toBe(90);
    expect(sum.bodiesRotatedAway).toBe(90 - disk.lines);
    expect(sum.bodiesRotatedAway).toBeGreaterThan(0);
    // Counts are never rotated. Per day: usage is i = 0,3,..,27 (5 odd: wrong_type, 5 even: duplicate), kpi the
    // other 20 (10 odd, 10 even); times three days.
    expect(store.counts()).toEqual({ 'usage.duplicate': 15, 'usage.wrong_type': 15, 'kpi.wrong_type': 30, 'kpi.duplicate': 30 });
    expect(await readCounts(dir)).toMatchObject({ total: 90, bodiesRotatedAway: sum.bodiesRotatedAway, byReason: store.counts() });
    expect((await readdir(dir)).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('counts bodies it could not keep between two flushes, and bodies of files that predate the cap', async () => {
    const dir = await tempDir();
    // A file from before the cap (no counts file yet): 50 lines, 50 kB.
    await writeFile(path.join(dir, '2026-02-01.jsonl'), `${JSON.stringify({ raw: 'z'.repeat(1000) })}\n`.repeat(50));
    const store = await DeadLetterStore.open(dir, { maxTotalBytes: 10_000, maxFileBytes: 3_000, now: () => T0 });
    for (let i = 0; i < 40; i++) store.add('alarm', 'nats', 'not_object', 'event is not an object', 'w'.repeat(500), T0);
    await store.flush();
    const disk = await onDisk(dir);
    const sum = store.summary();
    expect(sum.total).toBe(40);
    // At most one file's worth (3,000 bytes, lines of ~600) waits for a flush; the rest is counted, not kept.
    expect(sum.bodiesWritten).toBe(disk.lines);
    expect(sum.bodiesNotWritten).toBe(40 - disk.lines);
    expect(sum.bodiesNotWritten).toBeGreaterThan(30);
    expect(sum.bodiesRotatedAway).toBe(50);
    expect(disk.files).not.toContain('2026-02-01.jsonl');
    expect(store.counts()).toEqual({ 'alarm.not_object': 40 });
  });

  it('keeps counts and totals across a re-open, via open() or lazily on the first flush', async () => {
    const dir = await tempDir();
    const a = new DeadLetterStore(dir, { now: () => T0 });
    a.add('usage', 'api', 'duplicate', 'dup', { e: 1 });
    a.add('usage', 'api', 'duplicate', 'dup', { e: 2 });
    a.add('kpi', 'nats', 'poison', 'handling failed', 'x');
    await a.flush();

    const b = await DeadLetterStore.open(dir, { now: () => T0 });
    expect(b.counts()).toEqual({ 'usage.duplicate': 2, 'kpi.poison': 1 });
    expect(b.total).toBe(3);
    b.add('kpi', 'nats', 'poison', 'handling failed', 'x');
    await b.flush();

    // Constructed the old way (no open()): new counts first, earlier ones merged in by the first flush.
    const c = new DeadLetterStore(dir, { now: () => T0 });
    c.add('alarm', 'nats', 'bad_json', 'payload is not JSON', 'x');
    expect(c.counts()).toEqual({ 'alarm.bad_json': 1 });
    await c.flush();
    expect(c.counts()).toEqual({ 'usage.duplicate': 2, 'kpi.poison': 2, 'alarm.bad_json': 1 });
    expect(c.total).toBe(5);
    expect(await readCounts(dir)).toMatchObject({ total: 5, bodiesWritten: 5, byReason: c.counts() });
    expect((await onDisk(dir)).lines).toBe(5);
  });

  it('stores a 100k-deep nested payload as a short body instead of throwing', async () => {
    const dir = await tempDir();
    const store = await DeadLetterStore.open(dir, { now: () => T0 });
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => store.add('kpi', 'nats', 'not_object', 'event is not an object', deep)).not.toThrow();
    expect(store.recent(1)[0]!.raw.length).toBeLessThanOrEqual(2000);
    await store.flush();
    expect((await onDisk(dir)).lines).toBe(1);
  });

  it('folds new tables beyond maxReasonKeys into _other.<code>, keeping the total', () => {
    const store = new DeadLetterStore(null, { maxReasonKeys: 2 });
    for (const t of ['a', 'b', 'c', 'd']) store.add(t, 'nats', 'unknown_subject', 'no table', '{}');
    expect(store.counts()).toEqual({ 'a.unknown_subject': 1, 'b.unknown_subject': 1, '_other.unknown_subject': 2 });
    expect(store.total).toBe(4);
  });
});
