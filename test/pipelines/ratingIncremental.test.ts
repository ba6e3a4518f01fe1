// Incremental re-rating equals a full re-rating to the fen: after a live file lands in a fixture lake, the cached
// usage aggregate plus the new file rates exactly as a fresh scan of the whole lake; the service does it in a worker.
import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TABLES } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { partitionDir } from '../../pipelines/lake/lakeLayout.js';
import { writeRowsToParquet } from '../../pipelines/lake/parquetWriter.js';
import { rateLake, rateLakeIncremental, type RatedLake } from '../../pipelines/rating/rateLake.js';
import { UsageAggregateCache } from '../../pipelines/rating/usageAggregates.js';
import { RevenueService } from '../../server/revenue/revenueService.js';
import { RatingWorkerClient } from '../../server/revenue/ratingWorkerClient.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const END = Date.UTC(2026, 9, 21);
const DAY = 86_400_000;
const range = { fromMs: END - 2 * DAY, toMs: END };
const silent = { info() {}, error() {} };
let lakeDir = '';
let lake: LakeReader;
let db: DuckDBInstance;
let conn: DuckDBConnection;
let liveFiles = 0;

/** Everything a rating yields, as plain data (typed arrays as arrays) so two ratings compare with toEqual. */
function plain(r: RatedLake) {
  const d = r.accountDays;
  return {
    range: r.range, revenueDay: r.revenueDay, modelDay: r.modelDay, quotaBurn: r.quotaBurn, tiers: r.tiers, errors: r.errors,
    usageRows: r.usageRows, accounts: d.accounts, fen: Array.from(d.fen), tier: Array.from(d.tier), paying: Array.from(d.paying),
  };
}

/**
 * A live flush's file on the last day: usage of existing accounts (same and new models), one event before its
 * account's signup, one exactly at midnight, one outside the rating range.
 */
async function addLiveFile(n: number): Promise<void> {
  const accounts = await lake.rows('account');
  const sites = await lake.rows('site');
  const late = accounts.filter((a) => a.signup_date > range.fromMs && a.signup_date < range.toMs);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const a = accounts[(i * 37) % accounts.length]!;
    rows.push({
      event_id: 7e12 + liveFiles * 1e6 + i, ts: END - DAY + 3_600_000 + i * 1000, account_id: a.account_id, site_id: sites[i % sites.length]!.site_id,
      model: i % 3 === 0 ? 'live-model' : 'qwen-max', route: 'edge', tokens_in: 1000 + i, tokens_out: 200 + (i % 7), cached_tokens: i % 5 === 0 ? 3000 : 100,
      ttft_ms: 90, compute_cost_fen_per_mtok: 35,
    });
  }
  if (late[0]) rows.push({ ...rows[0]!, event_id: 7e12 + liveFiles * 1e6 + n, account_id: late[0].account_id, ts: late[0].signup_date - 60_000 });
  rows.push({ ...rows[0]!, event_id: 7e12 + liveFiles * 1e6 + n + 1, ts: END - DAY });
  rows.push({ ...rows[0]!, event_id: 7e12 + liveFiles * 1e6 + n + 2, ts: END + 5_000 });
  const dir = partitionDir(lakeDir, 'usage', END - DAY);
  await writeRowsToParquet(conn, TABLES.usage.spec as TableSpec, rows, path.join(dir, `live-test-${liveFiles++}.parquet`));
}

beforeAll(async () => {
  ({ dir: lakeDir } = await tinyLake({ seed: 11, sites: 20, accounts: 400, days: 2, endMs: END }));
  lake = await LakeReader.open(lakeDir);
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});

afterAll(async () => {
  conn?.closeSync();
  db?.closeSync();
  lake?.close();
  if (lakeDir) await rm(path.dirname(lakeDir), { recursive: true, force: true });
});

describe('incremental re-rating', () => {
  it('rates like a full scan, before and after live files land, reading only the new files', async () => {
    const cacheDb = await DuckDBInstance.create(':memory:');
    const cacheConn = await cacheDb.connect();
    try {
      const cache = new UsageAggregateCache(cacheConn);
      const first = await rateLakeIncremental(cacheConn, cache, { lake, range, nowMs: END - 1 });
      expect(first.update.rebuilt).toBe(true);
      expect(plain(first)).toEqual(plain(await rateLake({ lake, range, nowMs: END - 1 })));

      await addLiveFile(500);
      const second = await rateLakeIncremental(cacheConn, cache, { lake, range, nowMs: END - 1 });
      expect(second.update).toMatchObject({ scannedFiles: 1, rebuilt: false });
      const full = await rateLake({ lake, range, nowMs: END - 1 });
      expect(second.usageRows).toBe(await lake.count('usage', range));
      expect(second.usageRows).toBeGreaterThan(first.usageRows + 500);
      expect(plain(second)).toEqual(plain(full));
      expect(second.modelDay.some((r) => r.model === 'live-model')).toBe(true);

      // Many small files: the aggregate is re-folded on the way and stays exact.
      for (let i = 0; i < 4; i++) await addLiveFile(50);
      const third = await rateLakeIncremental(cacheConn, cache, { lake, range, nowMs: END - 1 });
      expect(third.update).toMatchObject({ scannedFiles: 4, rebuilt: false });
      expect(plain(third)).toEqual(plain(await rateLake({ lake, range, nowMs: END - 1 })));
      const nothingNew = await rateLakeIncremental(cacheConn, cache, { lake, range, nowMs: END - 1 });
      expect(nothingNew.update.scannedFiles).toBe(0);
      expect(plain(nothingNew)).toEqual(plain(third));
    } finally {
      cacheConn.closeSync();
      cacheDb.closeSync();
    }
  });

  it('the service rates in its worker: snapshot, totals and tables equal a full rating in this thread', async () => {
    const service = new RevenueService(lake, () => END - 1, silent);
    try {
      const snap = await service.refresh();
      expect(service.lastError).toBeNull();
      expect(plain(snap!.rated)).toEqual(plain(await rateLake({ lake, range, nowMs: END - 1 })));
      await addLiveFile(300);
      const next = await service.refresh();
      expect(next!.work).toMatchObject({ scannedFiles: 1, rebuilt: false });
      const full = await rateLake({ lake, range, nowMs: END - 1 });
      expect(plain(next!.rated)).toEqual(plain(full));
      const sum = Array.from(full.accountDays.fen).reduce((a, b) => a + b, 0);
      expect(service.total({})!.totalFen).toBe(sum);
      expect(service.status().rows).toEqual({ revenue_day: full.revenueDay.length, model_day: full.modelDay.length, quota_burn: full.quotaBurn.length });
    } finally {
      service.close();
      await service.idle();
    }
  });

  it('a worker that dies is reported, and the next run starts a new one', async () => {
    // The worker cannot open a lake that is not there yet: it reports that and exits.
    const linked = `${lakeDir}-link`;
    const client = new RatingWorkerClient(linked);
    try {
      await expect(client.rate(range, END - 1)).rejects.toThrow(/rating worker failed to start|exited/);
      await symlink(lakeDir, linked);
      const r = await client.rate(range, END - 1);
      expect(plain(r.rated)).toEqual(plain(await rateLake({ lake, range, nowMs: END - 1 })));
    } finally {
      await client.close();
      await rm(linked, { force: true });
    }
  });

  it('a vanished file makes the cache start over, still exact', async () => {
    const cacheDb = await DuckDBInstance.create(':memory:');
    const cacheConn = await cacheDb.connect();
    try {
      const cache = new UsageAggregateCache(cacheConn);
      await rateLakeIncremental(cacheConn, cache, { lake, range, nowMs: END - 1 });
      await rm(path.join(partitionDir(lakeDir, 'usage', END - DAY), 'live-test-0.parquet'));
      const after = await rateLakeIncremental(cacheConn, cache, { lake, range, nowMs: END - 1 });
      expect(after.update.rebuilt).toBe(true);
      expect(plain(after)).toEqual(plain(await rateLake({ lake, range, nowMs: END - 1 })));
    } finally {
      cacheConn.closeSync();
      cacheDb.closeSync();
    }
  });
});
