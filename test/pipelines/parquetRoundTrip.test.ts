import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { MANIFEST_FILE, partitionDir, type LakeManifest } from '../../pipelines/lake/lakeLayout.js';
import { writeRowsToParquet } from '../../pipelines/lake/parquetWriter.js';
import { alarmSpec, tierSpec, usageSpec, type Alarm, type Usage } from '../../schema/tables.js';
import { DEFAULT_TIERS } from '../../schema/tierCatalog.js';

const DAY = Date.UTC(2026, 10, 20);
let dir = '';
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

describe('Parquet round trip of the shared schema (writer -> lake reader)', () => {
  it('returns exactly the rows written: int64 beyond 2^32, ms timestamps, nulls, unicode', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-pq-'));
    const manifest: LakeManifest = { format: 'opsdeck-lake/1', seed: 1, sites: 1, accounts: 1, days: 1, startMs: DAY, endMs: DAY + 86_400_000, rows: {} };
    await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    const usage: Usage[] = [
      { event_id: 2 ** 50 + 7, ts: DAY + 1234, account_id: 3, site_id: 9, model: '通义千问-max', route: 'edge', tokens_in: 2_000_000_000, tokens_out: 0, cached_tokens: 5, ttft_ms: 0.125, compute_cost_fen_per_mtok: 120 },
      { event_id: 1, ts: DAY + 86_399_999, account_id: 4, site_id: 10, model: 'deepseek-v3', route: 'central', tokens_in: 1, tokens_out: 2, cached_tokens: 0, ttft_ms: 900, compute_cost_fen_per_mtok: 45 },
    ];
    const alarms: Alarm[] = [{ ts: DAY + 60_000, alarm_id: 2 ** 40, site_id: 9, severity: 'critical', probable_cause: "it's \"quoted\"", state: 'raised' }];
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await writeRowsToParquet(conn, usageSpec, usage, path.join(partitionDir(dir, 'usage', DAY), 'p.parquet'));
    await writeRowsToParquet(conn, alarmSpec, alarms, path.join(partitionDir(dir, 'alarm', DAY), 'p.parquet'));
    await writeRowsToParquet(conn, tierSpec, [...DEFAULT_TIERS], path.join(partitionDir(dir, 'tier', DAY), 'tier.parquet'));
    conn.closeSync();
    // No staging leftovers: only the final files exist.
    expect(await readdir(partitionDir(dir, 'usage', DAY))).toEqual(['p.parquet']);

    const lake = await LakeReader.open(dir);
    const toRows = (cols: Record<string, unknown[]>) => {
      const names = Object.keys(cols);
      return (cols[names[0]!] ?? []).map((_, i) => Object.fromEntries(names.map((n) => [n, cols[n]![i]])));
    };
    expect(toRows(await lake.scan('usage', {}, { orderBy: ['ts'] }) as Record<string, unknown[]>)).toEqual(usage);
    expect(toRows(await lake.scan('alarm', {}) as Record<string, unknown[]>)).toEqual(alarms);
    const tiers = toRows(await lake.scan('tier', {}) as Record<string, unknown[]>);
    expect(tiers).toEqual(DEFAULT_TIERS);
    expect(await lake.count('usage', { fromMs: DAY + 1234, toMs: DAY + 86_399_999 })).toBe(1);
    expect(await lake.timeBounds('usage')).toEqual({ minTs: DAY + 1234, maxTs: DAY + 86_399_999 });
    lake.close();
  });
});
