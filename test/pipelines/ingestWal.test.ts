// The ingest write-ahead log: group commit, release after a flush checkpoint, and start-up recovery into the
// lake (each acknowledged row exactly once, rows the lake already holds skipped, a torn last line ignored).
import { appendFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestWal, walSegments } from '../../pipelines/ingest/ingestWal.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { recoverWal } from '../../pipelines/lake/walRecovery.js';
import { tableGlob } from '../../pipelines/lake/lakeLayout.js';
import { query, tinyLake, tmpDir } from '../fixtures/lakeHelpers.js';

const closers: (() => unknown)[] = [];
afterAll(async () => { for (const c of closers.reverse()) await c(); });

const usage = (id: number, ts: number) => ({
  event_id: id, ts, account_id: 1, site_id: 1, model: 'qwen-max', route: 'edge', tokens_in: 100, tokens_out: 50,
  cached_tokens: 0, ttft_ms: 120, compute_cost_fen_per_mtok: 80,
});

describe('IngestWal', () => {
  it('answers concurrent appends with fewer fsyncs than appends, every line on disk', async () => {
    const dir = await tmpDir('wal');
    const wal = await IngestWal.open(dir);
    closers.push(() => wal.close());
    await Promise.all(Array.from({ length: 50 }, (_, i) => wal.append({ table: 'usage', rows: [usage(i, 1000 + i)] })));
    expect(wal.stats.appends).toBe(50);
    expect(wal.stats.groupCommits).toBeLessThan(50);
    const [seg] = await walSegments(dir);
    const lines = (await readFile(seg!.file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { rows: { event_id: number }[] }).rows[0]!.event_id).sort((a, b) => a - b))
      .toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('a checkpoint releases the segments written before it, never the ones after', async () => {
    const dir = await tmpDir('wal');
    const wal = await IngestWal.open(dir);
    await wal.append({ table: 'usage', rows: [usage(1, 1000)] });
    const commit = wal.checkpoint();
    const late = wal.append({ table: 'usage', rows: [usage(2, 2000)] });
    commit();
    await late;
    await wal.close();
    const left = await walSegments(dir);
    expect(left).toHaveLength(1);
    expect(await readFile(left[0]!.file, 'utf8')).toContain('"event_id":2');
    expect(wal.stats.segmentsDeleted).toBe(1);
    // A reopened log numbers its segments after what is left, so recovery's input is never overwritten.
    const again = await IngestWal.open(dir);
    await again.append({ table: 'usage', rows: [usage(3, 3000)] });
    await again.close();
    expect((await walSegments(dir)).map((s) => s.n)).toEqual([left[0]!.n, left[0]!.n + 1]);
  });

  it('refuses appends after close (the caller must not acknowledge)', async () => {
    const wal = await IngestWal.open(await tmpDir('wal'));
    await wal.close();
    await expect(wal.append({ table: 'usage', rows: [usage(1, 1)] })).rejects.toThrow(/closed/);
  });
});

describe('recoverWal', () => {
  it('writes the log rows the lake lacks exactly once, skips the ones it holds, ignores a torn line, deletes the log', async () => {
    const { dir: lakeDir, manifest } = await tinyLake();
    const lake = await LakeReader.open(lakeDir);
    closers.push(() => lake.close());
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    closers.push(() => { conn.closeSync(); db.closeSync(); });
    const walDir = path.join(lakeDir, '_wal');
    const ts = manifest.endMs - 60_000;
    // Two rows already flushed before the "crash": copies of lake rows (same key).
    const inLake = await lake.rows('kpi', { fromMs: ts - 120_000, toMs: ts }, { orderBy: ['site_id', 'ts'] });
    expect(inLake.length).toBeGreaterThan(1);
    const wal = await IngestWal.open(walDir);
    await wal.append({ table: 'kpi', rows: inLake.slice(0, 2) as unknown as Record<string, unknown>[] });
    const fresh = [usage(9_000_000_001, ts), usage(9_000_000_002, ts + 1), usage(9_000_000_003, manifest.endMs + 5)];
    await wal.append({ table: 'usage', rows: fresh.slice(0, 2) });
    wal.checkpoint(); // seals: the next append goes to a second segment
    await wal.append({ table: 'usage', rows: [fresh[1]!, fresh[2]!] }); // a retry overlapping the first
    await wal.close();
    const [, last] = await walSegments(walDir);
    await appendFile(last!.file, '{"table":"usage","rows":[{"event_id":9000000004,'); // torn by the crash

    const r = await recoverWal(walDir, lake, conn);
    expect(r).toMatchObject({ segments: 2, rows: 5, alreadyInLake: 2, written: 3, tornLines: 1 });
    expect(await readdir(walDir)).toEqual([]);
    const [u] = await query(`SELECT count(*)::INT AS n, count(DISTINCT event_id)::INT AS d FROM read_parquet('${tableGlob(lakeDir, 'usage')}') WHERE event_id IN (9000000001, 9000000002, 9000000003, 9000000004)`);
    expect(u).toEqual({ n: 3, d: 3 });
    const [k] = await query(`SELECT count(*)::INT - count(DISTINCT (site_id, ts))::INT AS dupes FROM read_parquet('${tableGlob(lakeDir, 'kpi')}')`);
    expect(k).toEqual({ dupes: 0 });
    // Nothing left to do the second time.
    expect(await recoverWal(walDir, lake, conn)).toMatchObject({ segments: 0, written: 0 });
  });
});
