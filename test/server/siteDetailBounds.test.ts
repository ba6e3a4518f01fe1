// noc.siteDetail's cost is bounded: window x bucket is capped (a readable refusal naming the limit and the fix), and
// the service reads only the site's rows, aggregated (lake part in DuckDB, hot part in one pass), still equal to SQL.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { InvalidRequestError } from '../../schema/domainErrors.js';
import { FACT_TABLES, TABLES } from '../../schema/tables.js';
import { NocService } from '../../server/noc/nocService.js';
import { MAX_SERIES_POINTS, seriesPointCount } from '../../server/noc/siteSeries.js';
import { END_MS, pq, query, tinyLake } from '../fixtures/lakeHelpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const noRating = { revenueByAccount: () => new Map<number, number>(), status: () => ({ ready: false, version: 0, asOfMs: null }) };
const js = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);

describe('noc.siteDetail bounds', () => {
  let dir: string;
  let lake: LakeReader;
  let facts: FactReader;
  let noc: NocService;
  const coverage = END_MS - 6 * HOUR;

  beforeAll(async () => {
    ({ dir } = await tinyLake());
    lake = await LakeReader.open(dir);
    // The lake's last 6 h also in a hot window, as the server loads it: the detail must take them from there, once.
    const hot = new HotWindow(6, END_MS);
    for (const t of FACT_TABLES) {
      const cols = Object.keys(TABLES[t].spec);
      const rows = await query(`SELECT * FROM ${pq(dir, t)} WHERE epoch_ms(ts) >= ${coverage} ORDER BY ts`);
      hot.addFromLake(t, Object.fromEntries(cols.map((c) => [c, rows.map((r) => js(r[c]))])));
    }
    facts = new FactReader(lake, hot);
    noc = new NocService(facts, noRating);
  });
  afterAll(async () => { lake?.close(); if (dir) await rm(path.dirname(dir), { recursive: true, force: true }); });

  it('counts the points of a window at a bucket size', () => {
    expect(seriesPointCount({ fromMs: 0, toMs: DAY }, 600_000)).toBe(144);
    expect(seriesPointCount({ fromMs: 30_000, toMs: DAY + 30_000 }, 600_000)).toBe(145);
    expect(seriesPointCount({ fromMs: END_MS - 31 * DAY, toMs: END_MS }, 60_000)).toBe(44_640);
  });

  it('refuses 31 days at 1-minute buckets with the limit and the bucket that would do', async () => {
    const w = { fromMs: END_MS - 31 * DAY, toMs: END_MS };
    const err = await noc.siteDetail(3, w, 60_000).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as Error).message).toContain(`44640 points per series; the limit is ${MAX_SERIES_POINTS}`);
    // The suggested bucket really fits (and one minute less would not).
    const suggested = Number(/bucketMs of at least (\d+)/.exec((err as Error).message)![1]);
    expect(seriesPointCount(w, suggested)).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(seriesPointCount(w, suggested - 60_000)).toBeGreaterThan(MAX_SERIES_POINTS);
    expect((await noc.siteDetail(3, w, suggested)).series.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
  });

  it('reads only the site\'s rows: no fleet-wide column reads, every lake scan filtered to the site', async () => {
    const columns = vi.spyOn(facts, 'columns');
    const scan = vi.spyOn(lake, 'scan');
    try {
      await noc.siteDetail(3, { fromMs: END_MS - DAY, toMs: END_MS }, 600_000);
      expect(columns).not.toHaveBeenCalled();
      for (const call of scan.mock.calls) expect(call[2]?.filter).toEqual({ column: 'site_id', values: [3] });
    } finally { columns.mockRestore(); scan.mockRestore(); }
  });

  it('buckets, accounts and open alarms over lake + hot window equal SQL over the Parquet files', async () => {
    const w = { fromMs: END_MS - 20 * HOUR - 7 * 60_000, toMs: END_MS - HOUR };
    // Sites with an alarm in the last week as well as one without, so the alarm comparison is not vacuous.
    const withAlarms = (await query(`SELECT DISTINCT site_id::DOUBLE AS s FROM ${pq(dir, 'alarm')} WHERE epoch_ms(ts) < ${w.toMs} ORDER BY 1 LIMIT 2`)).map((r) => r.s as number);
    expect(withAlarms.length).toBe(2);
    for (const siteId of [...new Set([0, ...withAlarms])]) {
      const d = await noc.siteDetail(siteId, w, 900_000);
      const where = `site_id = ${siteId} AND epoch_ms(ts) >= ${w.fromMs} AND epoch_ms(ts) < ${w.toMs}`;
      const expected = await query(`SELECT (epoch_ms(ts) // 900000 * 900000)::DOUBLE AS t, max(latency_ms) AS lat, avg(jitter_ms) AS jit,
        avg(loss_pct) AS loss, avg(dl_mbps) AS dl, avg(ul_mbps) AS ul, avg(active_users) AS users FROM ${pq(dir, 'kpi')} WHERE ${where} GROUP BY 1 ORDER BY 1`);
      expect(d.series.map((p) => p.tsMs)).toEqual(expected.map((r) => r.t));
      d.series.forEach((p, i) => {
        const e = expected[i]!;
        expect(p.latencyMs).toBe(e.lat);
        for (const [k, c] of [['jitterMs', 'jit'], ['lossPct', 'loss'], ['dlMbps', 'dl'], ['ulMbps', 'ul'], ['activeUsers', 'users']] as const) {
          expect(p[k]).toBeCloseTo(e[c] as number, 9);
        }
      });
      const acc = await query(`SELECT account_id AS a, count(*)::DOUBLE AS events, sum(tokens_in + tokens_out)::DOUBLE AS tokens
        FROM ${pq(dir, 'usage')} WHERE ${where} GROUP BY 1 ORDER BY 1`);
      expect(d.accounts.map(({ accountId, events, tokens }) => ({ a: accountId, events, tokens })).sort((x, y) => x.a - y.a)).toEqual(acc);
      const open = await query(`SELECT alarm_id::DOUBLE AS id FROM ${pq(dir, 'alarm')}
        WHERE site_id = ${siteId} AND epoch_ms(ts) < ${w.toMs} AND epoch_ms(ts) >= ${w.toMs - 7 * DAY}
        GROUP BY alarm_id HAVING arg_max(state, (ts, CASE state WHEN 'cleared' THEN 1 ELSE 0 END)) = 'raised' ORDER BY 1`);
      expect(d.openAlarms.map((a) => a.alarmId).sort((a, b) => a - b)).toEqual(open.map((r) => r.id));
    }
  });
});
