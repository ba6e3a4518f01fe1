// NOC procedures on the real server: fleet assurance (TS path) equals the SQL path run by DuckDB over the lake's Parquet,
// and revenue at risk equals an independent computation from the rating's revenue per account + raw usage SQL.
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SLA_TARGETS_SQL, assuranceFromSqlRows, servedClassesSql, siteMinuteCountsSql, type ServedClassRow, type SiteMinuteCountsRow,
} from '../../domain/assurance/assuranceSql.js';
import { revenueAtRiskBySite } from '../../domain/assurance/revenueAtRisk.js';
import type { SiteAssuranceWithTrend } from '../../domain/assurance/fleetAssurance.js';
import { tableGlob } from '../../pipelines/lake/lakeLayout.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Second path for the attribution rule, in SQL: billable tokens per (site, account) from raw usage, the
 * account's revenue split over its sites by floor + largest remainder (ties: lower site id), exact in HUGEINT.
 */
async function attributedRevenueSql(conn: DuckDBConnection, w: { fromMs: number; toMs: number }, revenue: ReadonlyMap<number, number>) {
  await conn.run('CREATE OR REPLACE TEMP TABLE acct_rev (account_id INTEGER, fen HUGEINT)');
  const values = [...revenue].map(([a, fen]) => `(${a}, ${fen})`);
  if (values.length) await conn.run(`INSERT INTO acct_rev VALUES ${values.join(',')}`);
  return rows<{ siteId: number; accountId: number; tierId: number; fen: number }>(conn, `
    WITH su AS (
      SELECT u.site_id, u.account_id, any_value(a.tier_id) AS tier_id, any_value(t.cached_rate_pct) AS pct,
        sum(u.tokens_in)::HUGEINT AS tin, sum(u.tokens_out)::HUGEINT AS tout, sum(u.cached_tokens)::HUGEINT AS cached
      FROM usage u JOIN account a USING (account_id) JOIN tier t ON t.tier_id = a.tier_id
      WHERE u.ts >= make_timestamp_ms(${w.fromMs}) AND u.ts < make_timestamp_ms(${w.toMs}) GROUP BY 1, 2),
    b AS (SELECT *, (tin - least(cached, tin) + tout) * 100 + least(cached, tin) * pct AS bill FROM su),
    s AS (SELECT b.*, coalesce(r.fen, 0) AS fen_acct, sum(bill) OVER (PARTITION BY account_id) AS total, count(*) OVER (PARTITION BY account_id) AS n
      FROM b LEFT JOIN acct_rev r USING (account_id)),
    f AS (SELECT *, CASE WHEN total > 0 THEN (fen_acct * bill) // total ELSE fen_acct // n END AS fl,
        CASE WHEN total > 0 THEN (fen_acct * bill) % total ELSE fen_acct % n END AS rem FROM s),
    g AS (SELECT *, fen_acct - sum(fl) OVER (PARTITION BY account_id) AS leftover,
        row_number() OVER (PARTITION BY account_id ORDER BY rem DESC, site_id) AS rk FROM f)
    SELECT site_id::DOUBLE AS "siteId", account_id::DOUBLE AS "accountId", tier_id::DOUBLE AS "tierId",
      (fl + CASE WHEN rk <= leftover THEN 1 ELSE 0 END)::DOUBLE AS fen
    FROM g ORDER BY 1, 2`);
}

/** The at-risk rule read straight off the assurance: below objective, breaching now, or trend crossing the strictest target. */
function atRiskTiers(s: SiteAssuranceWithTrend): Set<number> {
  return new Set(s.classes.filter((c) => c.objectiveMet === false || c.breachingNow
    || (s.minutesToBreach !== null && s.strictestSlaMs !== null && c.latencySlaMs <= s.strictestSlaMs)).map((c) => c.tierId));
}

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

  it('revenue at risk per site equals rt.revenue.revenueByAccount split over sites by raw usage SQL (lake day and a partial-day window)', async () => {
    const rt = ts.server.rt;
    await rt.revenue.refresh();
    const cat = await ts.trpc.catalog.query({});
    const end = cat.lake.endMs;
    expect(end % DAY).toBe(0);
    const day = { fromMs: end - DAY, toMs: end };
    const res = await ts.trpc.noc.assurance.query({ windowMs: DAY, toMs: end });
    expect(res.rating).not.toBeNull();
    const revenue = rt.revenue.revenueByAccount(day.fromMs, day.toMs);
    const viaSql = await attributedRevenueSql(conn, day, revenue);
    const risk = revenueAtRiskBySite(res.sites, res.revenue);
    let sitesAtRisk = 0;
    for (const s of res.sites) {
      const tiers = atRiskTiers(s);
      const mine = viaSql.filter((r) => r.siteId === s.siteId);
      const expected = { siteId: s.siteId, revenueFen: mine.reduce((n, r) => n + r.fen, 0), atRiskFen: mine.filter((r) => tiers.has(r.tierId)).reduce((n, r) => n + r.fen, 0) };
      expect({ siteId: s.siteId, revenueFen: risk.get(s.siteId)!.revenueFen, atRiskFen: risk.get(s.siteId)!.atRiskFen }).toEqual(expected);
      if (expected.atRiskFen > 0) sitesAtRisk++;
    }
    // The fixture has faults, so some revenue must be at risk, or the comparison above proves nothing.
    expect(sitesAtRisk).toBeGreaterThan(0);
    // Exact split: the sites together hold exactly the revenue of the accounts served in the window.
    const served = new Set(viaSql.map((r) => r.accountId));
    const servedRevenue = [...served].reduce((n, a) => n + (revenue.get(a) ?? 0), 0);
    expect(servedRevenue).toBeGreaterThan(0);
    expect(res.revenue.reduce((n, r) => n + r.revenueFen, 0)).toBe(servedRevenue);

    // A window of 17 h inside the day: each account gets round_half_up(day revenue x 17/24), computed here from the whole day.
    const part = { fromMs: end - 20 * HOUR, toMs: end - 3 * HOUR };
    const prorated = new Map([...revenue].map(([a, fen]) => [a, Number((BigInt(fen) * 17n * 2n + 24n) / 48n)]));
    expect(rt.revenue.revenueByAccount(part.fromMs, part.toMs)).toEqual(prorated);
    const partRes = await ts.trpc.noc.siteRevenue.query({ windowMs: part.toMs - part.fromMs, toMs: part.toMs });
    const partSql = await attributedRevenueSql(conn, part, prorated);
    const bySiteTier = new Map<string, number>();
    for (const r of partSql) bySiteTier.set(`${r.siteId}|${r.tierId}`, (bySiteTier.get(`${r.siteId}|${r.tierId}`) ?? 0) + r.fen);
    expect(partRes.revenue).toEqual([...bySiteTier].map(([k, revenueFen]) => {
      const [siteId, tierId] = k.split('|').map(Number) as [number, number];
      return { siteId, tierId, revenueFen };
    }).sort((a, b) => a.siteId - b.siteId || a.tierId - b.tierId));
    // The browser's procedure and the 7 d / replay path agree on the same window.
    expect((await ts.trpc.noc.siteRevenue.query({ windowMs: DAY, toMs: end })).revenue).toEqual(res.revenue);
    const top = [...risk.entries()].sort((a, b) => b[1].atRiskFen - a[1].atRiskFen)[0]!;
    console.log(`noc: seed-7 tiny lake day: ${sitesAtRisk}/20 sites with revenue at risk, top site ${top[0]} ${top[1].atRiskFen} fen of ${top[1].revenueFen}`);
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
    // 31 days at 1-minute buckets would be 44,640 points per series: refused with the limit and the fix, not computed.
    await expect(ts.trpc.noc.siteDetail.query({ siteId: 0, windowMs: 31 * DAY, bucketMs: 60_000 })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST', httpStatus: 400 }, message: expect.stringMatching(/4464\d points per series; the limit is 2100: use bucketMs of at least/),
    });
  });
});
