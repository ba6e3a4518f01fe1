// Every rollup equals the raw computation on a generated lake: exact for counts and sums, percentiles within the
// histogram's stated bound; rollups follow live flushes and are rebuilt when missing or older than their raw day.
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readParquetSql } from '../../schema/duckdbSql.js';
import {
  LATENCY_PERCENTILE_BOUND, ROLLUP_LATENCY_TARGETS_MS, ROLLUP_NAMES, ROLLUP_UPLINK_TARGETS_MBPS, latencyBinOf, latencyOfBin,
  latencyOkColumn, rollupCoversTargets, uplinkOkColumn, wholeBuckets,
} from '../../schema/rollups.js';
import { DEFAULT_TIERS } from '../../schema/tierCatalog.js';
import { listTableFiles } from '../../pipelines/lake/lakeReader.js';
import { rollupDayFile } from '../../pipelines/lake/lakeLayout.js';
import { ensureRollups, listRollupFiles, staleRollupDays } from '../../pipelines/lake/rollupWriter.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const END = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;
let lakeDir = '';
let db: DuckDBInstance;
let conn: DuckDBConnection;

async function q<T>(sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 5, sites: 12, accounts: 300, days: 2, endMs: END })).dir;
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE VIEW kpi AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, 'kpi'))}`);
  await conn.run(`CREATE VIEW usage AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, 'usage'))}`);
  await conn.run(`CREATE VIEW account AS SELECT * FROM ${readParquetSql(await listTableFiles(lakeDir, 'account'))}`);
  for (const n of ROLLUP_NAMES) await conn.run(`CREATE VIEW ${n} AS SELECT * FROM ${readParquetSql(await listRollupFiles(lakeDir, n))}`);
}, 120_000);

afterAll(async () => {
  conn?.closeSync();
  db?.closeSync();
});

describe('rollups written with the lake', () => {
  it('has one file per rollup and day', async () => {
    for (const n of ROLLUP_NAMES) expect(await listRollupFiles(lakeDir, n)).toHaveLength(2);
  });

  it('kpi_5m: minutes, sums, extremes and compliant minutes per target equal the raw minutes', async () => {
    const targets = [
      ...ROLLUP_LATENCY_TARGETS_MS.map((t) => `count(*) FILTER (WHERE lat <= ${t})::DOUBLE AS "${latencyOkColumn(t)}"`),
      ...ROLLUP_UPLINK_TARGETS_MBPS.map((t) => `count(*) FILTER (WHERE ul >= ${t})::DOUBLE AS "${uplinkOkColumn(t)}"`),
    ].join(', ');
    const fromRaw = await q<Record<string, number>>(`
      WITH m AS (SELECT site_id, epoch_ms(ts) // 60000 AS minute, max(latency_ms) AS lat, min(ul_mbps) AS ul FROM kpi GROUP BY 1, 2)
      SELECT site_id, count(*)::DOUBLE AS minutes, max(lat) AS lat_max, min(ul) AS ul_min, ${targets} FROM m GROUP BY 1 ORDER BY 1`);
    const fromRollupSql = (table: string) => `
      SELECT site_id, sum(minutes)::DOUBLE AS minutes, max(latency_max) AS lat_max, min(ul_min) AS ul_min,
        ${[...ROLLUP_LATENCY_TARGETS_MS.map(latencyOkColumn), ...ROLLUP_UPLINK_TARGETS_MBPS.map(uplinkOkColumn)].map((c) => `sum("${c}")::DOUBLE AS "${c}"`).join(', ')}
      FROM ${table} GROUP BY 1 ORDER BY 1`;
    const fromRollup = await q<Record<string, number>>(fromRollupSql('kpi_5m'));
    expect(fromRaw.length).toBe(12);
    expect(fromRollup).toEqual(fromRaw);
    // kpi_1h holds the same per hour.
    expect(await q(fromRollupSql('kpi_1h'))).toEqual(fromRaw);
    // Not a vacuous match: the lake has minutes over the strictest targets.
    expect(fromRaw.some((r) => r[latencyOkColumn(30)]! < r.minutes!)).toBe(true);
    const sums = (from: string, cols: string) => q(`SELECT ${cols} FROM ${from}`);
    expect(await sums('kpi_5m', 'sum(samples)::DOUBLE AS n, round(sum(jitter_sum), 6) AS j, sum(users_sum)::DOUBLE AS u'))
      .toEqual(await sums('kpi', 'count(*)::DOUBLE AS n, round(sum(jitter_ms), 6) AS j, sum(active_users)::DOUBLE AS u'));
  });

  it('usage rollups: events and token sums equal the raw rows, per key', async () => {
    const raw = await q(`SELECT site_id, epoch_ms(ts) // 3600000 AS h, count(*)::DOUBLE AS e, sum(tokens_in)::DOUBLE AS i,
      sum(tokens_out)::DOUBLE AS o, sum(cached_tokens)::DOUBLE AS c FROM usage GROUP BY 1, 2 ORDER BY 1, 2`);
    const rolled = await q(`SELECT site_id, epoch_ms(ts) // 3600000 AS h, sum(events)::DOUBLE AS e, sum(tokens_in)::DOUBLE AS i,
      sum(tokens_out)::DOUBLE AS o, sum(cached_tokens)::DOUBLE AS c FROM usage_site_hour GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(rolled).toEqual(raw);
    const tiers = (from: string, mask: string) => q(`SELECT site_id, epoch_ms(ts) // 3600000 AS h, ${mask}::DOUBLE AS m FROM ${from} GROUP BY 1, 2 ORDER BY 1, 2`);
    const rawTiers = await q<{ m: number }>(`SELECT u.site_id, epoch_ms(u.ts) // 3600000 AS h, bit_or(1::BIGINT << a.tier_id)::DOUBLE AS m
      FROM usage u JOIN account a USING (account_id) GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(await tiers('usage_site_hour', 'bit_or(tier_mask)')).toEqual(rawTiers);
    expect(new Set(rawTiers.map((r) => r.m)).size).toBeGreaterThan(1);
    const perAccount = (from: string, e: string) => q(`SELECT account_id, epoch_ms(ts) // ${DAY} AS d, ${e} AS e,
      sum(tokens_in + tokens_out)::DOUBLE AS t FROM ${from} GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(await perAccount('usage_account_day', 'sum(events)::DOUBLE')).toEqual(await perAccount('usage', 'count(*)::DOUBLE'));
    const pairs = (from: string, e: string) => q(`SELECT site_id, account_id, epoch_ms(ts) // ${DAY} AS d, ${e} AS e,
      sum(cached_tokens)::DOUBLE AS c FROM ${from} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    expect(await pairs('usage_site_account_day', 'sum(events)::DOUBLE')).toEqual(await pairs('usage', 'count(*)::DOUBLE'));
  });

  it('kpi_5m: the latency trend over the last 30 minutes from its sums equals the regression over the raw minutes', async () => {
    const from = END - 30 * 60_000;
    const raw = await q<{ site_id: number; slope: number; icept: number; n: number; last: number }>(`
      WITH m AS (SELECT site_id, epoch_ms(ts) // 60000 AS minute, max(latency_ms) AS lat FROM kpi WHERE ts >= make_timestamp_ms(${from}) GROUP BY 1, 2)
      SELECT site_id, regr_slope(lat, minute - ${from / 60_000}) AS slope, regr_intercept(lat, minute - ${from / 60_000}) AS icept,
        count(*)::DOUBLE AS n, max(minute)::DOUBLE AS last FROM m GROUP BY 1 ORDER BY 1`);
    // x = minute - origin = (bucket minute - origin) + k: shift the per-bucket sums of k to the common origin.
    const rolled = await q<{ site_id: number; slope: number; icept: number; n: number; last: number }>(`
      WITH b AS (SELECT site_id, epoch_ms(ts) // 60000 - ${from / 60_000} AS o, minutes AS n, worst_latency_sum AS sy,
          minute_offset_sum AS sk, minute_offset_sq_sum AS skk, offset_worst_latency_sum AS sky, epoch_ms(ts) // 60000 + last_minute_offset AS lastm
        FROM kpi_5m WHERE ts >= make_timestamp_ms(${from})),
      s AS (SELECT site_id, sum(n) AS n, sum(o * n + sk) AS sx, sum(o * o * n + 2 * o * sk + skk) AS sxx, sum(sy) AS sy,
          sum(o * sy + sky) AS sxy, max(lastm) AS last FROM b GROUP BY 1)
      SELECT site_id, (n * sxy - sx * sy) / (n * sxx - sx * sx) AS slope, (sy - (n * sxy - sx * sy) / (n * sxx - sx * sx) * sx) / n AS icept,
        n::DOUBLE AS n, last::DOUBLE AS last FROM s ORDER BY 1`);
    expect(rolled.map((r) => [r.site_id, r.n, r.last])).toEqual(raw.map((r) => [r.site_id, r.n, r.last]));
    for (const [i, r] of raw.entries()) {
      expect(rolled[i]!.slope).toBeCloseTo(r.slope, 9);
      expect(rolled[i]!.icept).toBeCloseTo(r.icept, 6);
    }
  });

  it('kpi_1h: the trend over the last two hours from its sums equals the raw regression', async () => {
    const from = END - 2 * 3_600_000;
    const raw = await q<{ site_id: number; slope: number }>(`
      WITH m AS (SELECT site_id, epoch_ms(ts) // 60000 AS minute, max(latency_ms) AS lat FROM kpi WHERE ts >= make_timestamp_ms(${from}) GROUP BY 1, 2)
      SELECT site_id, regr_slope(lat, minute - ${from / 60_000}) AS slope FROM m GROUP BY 1 ORDER BY 1`);
    const rolled = await q<{ site_id: number; slope: number }>(`
      WITH b AS (SELECT site_id, epoch_ms(ts) // 60000 - ${from / 60_000} AS o, minutes AS n, worst_latency_sum AS sy,
          minute_offset_sum AS sk, minute_offset_sq_sum AS skk, offset_worst_latency_sum AS sky FROM kpi_1h WHERE ts >= make_timestamp_ms(${from})),
      s AS (SELECT site_id, sum(n) AS n, sum(o * n + sk) AS sx, sum(o * o * n + 2 * o * sk + skk) AS sxx, sum(sy) AS sy, sum(o * sy + sky) AS sxy FROM b GROUP BY 1)
      SELECT site_id, (n * sxy - sx * sy) / (n * sxx - sx * sx) AS slope FROM s ORDER BY 1`);
    expect(rolled.map((r) => r.site_id)).toEqual(raw.map((r) => r.site_id));
    for (const [i, r] of raw.entries()) expect(rolled[i]!.slope).toBeCloseTo(r.slope, 9);
  });

  it('usage_site_account_day: pairs active in a window cutting into days are exact from first_ts / last_ts', async () => {
    const from = END - 2 * DAY + 7 * 3_600_000 + 13 * 60_000, to = END - 5 * 3_600_000;
    const raw = await q(`SELECT DISTINCT site_id, account_id FROM usage
      WHERE ts >= make_timestamp_ms(${from}) AND ts < make_timestamp_ms(${to}) ORDER BY 1, 2`);
    const rolled = await q(`SELECT DISTINCT site_id, account_id FROM usage_site_account_day
      WHERE last_ts >= make_timestamp_ms(${from}) AND first_ts < make_timestamp_ms(${to}) ORDER BY 1, 2`);
    expect(raw.length).toBeGreaterThan(100);
    expect(rolled).toEqual(raw);
  });

  it('p95 latency per site from the hour histogram is within the stated bound of the exact nearest-rank p95', async () => {
    const exact = await q<{ site_id: number; p95: number }>(`
      SELECT site_id, quantile_disc(latency_ms, 0.95) AS p95 FROM kpi GROUP BY 1 ORDER BY 1`);
    const fromHist = await q<{ site_id: number; bin: number }>(`
      WITH h AS (SELECT site_id, bin, sum(samples) AS n FROM kpi_latency_hist_hour GROUP BY 1, 2),
      c AS (SELECT site_id, bin, sum(n) OVER (PARTITION BY site_id ORDER BY bin) AS cum, sum(n) OVER (PARTITION BY site_id) AS total FROM h)
      SELECT site_id, min(bin) AS bin FROM c WHERE cum >= ceil(0.95 * total) GROUP BY 1 ORDER BY 1`);
    expect(fromHist.map((r) => r.site_id)).toEqual(exact.map((r) => r.site_id));
    for (const [i, r] of exact.entries()) {
      // quantile_disc picks the sample at rank floor(0.95 * (n - 1)) + 1... its bin is the histogram's bin.
      const approx = latencyOfBin(fromHist[i]!.bin);
      expect(Math.abs(approx - r.p95) / r.p95).toBeLessThanOrEqual(LATENCY_PERCENTILE_BOUND + 1e-12);
    }
  });
});

describe('rollup helpers', () => {
  it('bins latency the same way as the SQL and reads a bin within the bound', () => {
    for (const ms of [0, 0.5, 12.34, 29.99, 30, 30.01, 100, 480]) {
      const b = latencyBinOf(ms);
      if (ms > 0.01) expect(Math.abs(latencyOfBin(b) - ms) / ms).toBeLessThanOrEqual(LATENCY_PERCENTILE_BOUND + 1e-12);
    }
    expect(LATENCY_PERCENTILE_BOUND).toBeLessThan(0.01);
  });

  it('covers the default catalog targets and refuses others', () => {
    const t = { latencyMs: DEFAULT_TIERS.map((x) => x.latency_sla_ms), uplinkMbps: DEFAULT_TIERS.flatMap((x) => (x.uplink_sla_mbps === null ? [] : [x.uplink_sla_mbps])) };
    expect(rollupCoversTargets(t)).toBe(true);
    expect(rollupCoversTargets({ latencyMs: [35], uplinkMbps: [] })).toBe(false);
  });

  it('splits a window into whole buckets and raw edges', () => {
    expect(wholeBuckets(61_000, 3_600_000 * 2 + 5, 3_600_000)).toEqual({ wholeFromMs: 3_600_000, wholeToMs: 7_200_000 });
    expect(wholeBuckets(0, 299_999, 300_000)).toBeNull();
  });
});

describe('rollup freshness', () => {
  it('rebuilds a missing or outdated day and leaves current days alone', async () => {
    expect(await staleRollupDays(lakeDir, 'kpi')).toEqual([]);
    const day = END - DAY;
    await rm(rollupDayFile(lakeDir, 'kpi_5m', day));
    const old = new Date(Date.now() - 3_600_000);
    await utimes(rollupDayFile(lakeDir, 'usage_site_hour', END - 2 * DAY), old, old);
    expect(await staleRollupDays(lakeDir, 'kpi')).toEqual([day]);
    expect(await staleRollupDays(lakeDir, 'usage')).toEqual([END - 2 * DAY]);
    expect(await ensureRollups(conn, lakeDir)).toBe(2);
    expect((await stat(rollupDayFile(lakeDir, 'kpi_5m', day))).size).toBeGreaterThan(0);
    expect(await staleRollupDays(lakeDir, 'kpi')).toEqual([]);
    expect(await ensureRollups(conn, lakeDir)).toBe(0);
  });

  it('rebuilds every day of a rollup built by other SQL (its recorded format differs)', async () => {
    const formatFile = `${path.dirname(path.dirname(rollupDayFile(lakeDir, 'usage_site_hour', END - DAY)))}/_format`;
    await writeFile(formatFile, 'older-sql');
    expect(await staleRollupDays(lakeDir, 'usage')).toEqual([END - 2 * DAY, END - DAY]);
    expect(await ensureRollups(conn, lakeDir)).toBe(2);
    expect(await readFile(formatFile, 'utf8')).not.toBe('older-sql');
    expect(await staleRollupDays(lakeDir, 'usage')).toEqual([]);
  });
});
