// NOC procedures on the real server: fleet assurance (TS path) equals the SQL path run by DuckDB over the lake's Parquet.
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SLA_TARGETS_SQL, assuranceFromSqlRows, servedClassesSql, siteMinuteCountsSql, type ServedClassRow, type SiteMinuteCountsRow,
} from '../../pipelines/assurance/assuranceSql.js';
import { siteTierRevenueSql } from '../../pipelines/assurance/revenueAtRisk.js';
import { tableGlob } from '../../pipelines/lake/lakeLayout.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const DAY = 86_400_000;

async function rows<R>(conn: DuckDBConnection, sql: string): Promise<R[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as R[];
}

describe('noc tRPC (real server)', () => {
  let ts: TestServer;
  let cleanup: () => Promise<void>;
  let db: DuckDBInstance;
  let conn: DuckDBConnection;

  beforeAll(async () => {
    const tmp = await makeTempDir('opsdeck-noc-');
    cleanup = tmp.cleanup;
    ts = await startTestServer(path.join(tmp.dir, 'lake'));
    db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
    for (const t of ['kpi', 'usage', 'account', 'tier', 'alarm'] as const) {
      await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${tableGlob(ts.lakeDir, t)}')`);
    }
  });
  afterAll(async () => { conn?.closeSync(); db?.closeSync(); await ts?.server.close(); await cleanup?.(); });

  it('assurance over the lake day equals the independent SQL path, site by site', async () => {
    const cat = await ts.trpc.catalog.query({});
    const w = { fromMs: cat.lake.endMs - DAY, toMs: cat.lake.endMs };
    const res = await ts.trpc.noc.assurance.query({ windowMs: DAY, toMs: w.toMs });
    expect(res.window).toEqual(w);
    expect(res.sites).toHaveLength(20);

    const targets = await rows<{ latencyMs: number; uplinkMbps: number | null }>(conn, SLA_TARGETS_SQL);
    const lat = [...new Set(targets.map((t) => t.latencyMs))];
    const ul = [...new Set(targets.flatMap((t) => (t.uplinkMbps === null ? [] : [t.uplinkMbps])))];
    const counts = await rows<SiteMinuteCountsRow>(conn, siteMinuteCountsSql(w, { latencyMs: lat, uplinkMbps: ul }));
    const served = await rows<ServedClassRow>(conn, servedClassesSql(w));
    const viaSql = assuranceFromSqlRows(w, res.sites.map((s) => s.siteId), counts, served);

    const pick = (s: (typeof viaSql)[number]) => ({
      siteId: s.siteId, measured: s.measuredMinutes, assurancePct: s.assurancePct, breachMinutes: s.breachMinutes,
      objectiveMet: s.objectiveMet, creditsFen: s.creditsFen, p95: s.currentP95LatencyMs,
      classes: s.classes.map((c) => [c.tierId, c.accounts, c.compliantMinutes, c.uplinkCompliantMinutes, c.creditFen]),
    });
    expect(res.sites.map(pick)).toEqual(viaSql.map(pick));
    // The interim revenue estimate agrees between the server's TS and the SQL twin the browser runs.
    const revSql = await rows<{ siteId: number; tierId: number; revenueFen: number }>(conn, siteTierRevenueSql(w));
    expect(res.revenue).toEqual(revSql);
    expect(res.revenue.some((r) => r.revenueFen > 0)).toBe(true);
    // A whole generated day: every site measured every minute.
    expect(res.sites.every((s) => s.measuredMinutes === 1440 && s.dataStatus === 'complete')).toBe(true);
    // Trends agree to floating-point noise.
    for (let i = 0; i < viaSql.length; i++) {
      const a = res.sites[i]!.minutesToBreach, b = viaSql[i]!.minutesToBreach;
      if (a === null || b === null) expect(a).toBe(b); else expect(a).toBeCloseTo(b, 6);
    }
    // The fixture injects faults: some site must fall below a 99.5 % objective for its strictest class.
    expect(res.fleet.belowObjective).toBeGreaterThan(0);
    expect(res.fleet.belowObjective + res.fleet.met + res.fleet.noData).toBe(20);
    console.log(`noc: seed-7 tiny lake day: ${res.fleet.belowObjective}/20 sites below objective, credits ${res.fleet.creditsFen} fen, ${res.computeMs} ms`);
  });

  it('a window after the lake end is served from live (simulated) rows in the hot window', async () => {
    const cat = await ts.trpc.catalog.query({});
    const toMs = cat.lake.endMs + 30 * 60_000;
    // The simulator catches up from the lake end; wait until it has produced those 30 minutes.
    const deadline = Date.now() + 30_000;
    while ((await ts.trpc.status.query()).simulator.cursorMs < toMs + 60_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const res = await ts.trpc.noc.assurance.query({ windowMs: 30 * 60_000, toMs });
    expect(res.sites.map((s) => s.measuredMinutes)).toEqual(Array(20).fill(30));
  });

  it('site detail: buckets, served accounts and open alarms match SQL over the lake', async () => {
    const cat = await ts.trpc.catalog.query({});
    const toMs = cat.lake.endMs;
    const worst = (await ts.trpc.noc.assurance.query({ windowMs: DAY, toMs })).sites
      .filter((s) => s.assurancePct !== null).sort((a, b) => a.assurancePct! - b.assurancePct!)[0]!;
    const d = await ts.trpc.noc.siteDetail.query({ siteId: worst.siteId, windowMs: DAY, toMs, bucketMs: 600_000 });
    expect(d.series).toHaveLength(144);
    const from = `make_timestamp_ms(${toMs - DAY})`, to = `make_timestamp_ms(${toMs})`;
    const [maxLat] = await rows<{ v: number }>(conn, `SELECT max(latency_ms) AS v FROM kpi WHERE site_id = ${worst.siteId} AND ts >= ${from} AND ts < ${to}`);
    expect(Math.max(...d.series.map((p) => p.latencyMs))).toBe(maxLat!.v);
    const acc = await rows<{ n: number; tok: number }>(conn,
      `SELECT count(DISTINCT account_id)::DOUBLE AS n, sum(tokens_in + tokens_out)::DOUBLE AS tok FROM usage WHERE site_id = ${worst.siteId} AND ts >= ${from} AND ts < ${to}`);
    expect(d.accounts.length).toBe(acc[0]!.n);
    expect(d.accounts.reduce((s, a) => s + a.tokens, 0)).toBe(acc[0]!.tok);
    const open = await rows<{ id: number }>(conn, `
      SELECT alarm_id::DOUBLE AS id FROM alarm WHERE site_id = ${worst.siteId} AND ts < ${to} AND ts >= make_timestamp_ms(${toMs - 7 * DAY})
      GROUP BY alarm_id HAVING arg_max(state, (ts, CASE state WHEN 'cleared' THEN 1 ELSE 0 END)) = 'raised' ORDER BY 1`);
    expect(d.openAlarms.map((a) => a.alarmId).sort((a, b) => a - b)).toEqual(open.map((r) => r.id));
  });

  it('bad calls get clear errors', async () => {
    await expect(ts.trpc.noc.siteDetail.query({ siteId: 99_999, windowMs: DAY })).rejects.toThrow(/no site 99999/);
    await expect(ts.trpc.noc.assurance.query({ windowMs: 10 })).rejects.toThrow();
    await expect(ts.trpc.noc.assurance.query({ windowMs: DAY, toMs: Date.now() + 365 * DAY })).rejects.toThrow(/future/);
  });
});
