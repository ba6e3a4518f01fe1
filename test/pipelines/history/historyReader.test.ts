// The history reader: day ranges are half-open, scope filters keep only the given provinces or sites, and a rolled
// day written beside the generated past is read once, also after it is written again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { HISTORY_TABLES, type RevenueHistoryRow } from '../../../schema/history.js';
import { generatedHistoryRange } from '../../../pipelines/history/generateHistory.js';
import { historyDayFile, rolledDays } from '../../../pipelines/history/historyLayout.js';
import { writeHistoryParquet } from '../../../pipelines/history/historyParquet.js';
import { HistoryReader } from '../../../pipelines/history/historyReader.js';
import { query, tinyLake } from '../../fixtures/lakeHelpers.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
let lakeDir = '';
let startMs = 0;
let reader: HistoryReader;

beforeAll(async () => {
  const lake = await tinyLake({ seed: 3, sites: 20, accounts: 500, days: 1, endMs: END });
  lakeDir = lake.dir;
  startMs = lake.manifest.startMs;
  reader = await HistoryReader.open(lakeDir);
});
afterAll(() => reader.close());

describe('HistoryReader', () => {
  it('reads the days of a half-open range, as the file holds them', async () => {
    const from = startMs - 10 * DAY, to = startMs - 7 * DAY;
    const rows = await reader.revenue({ fromMs: from, toMs: to });
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set([from, from + DAY, from + 2 * DAY]));
    const [n] = await query(`SELECT count(*)::DOUBLE AS n, sum(revenue_fen)::DOUBLE AS fen FROM read_parquet('${lakeDir}/history/revenue_history/*.parquet')
      WHERE day >= make_timestamp_ms(${from}) AND day < make_timestamp_ms(${to})`);
    expect(rows.length).toBe(Number(n!.n));
    expect(rows.reduce((s, r) => s + r.revenue_fen, 0)).toBe(Number(n!.fen));
    expect(typeof rows[0]!.day).toBe('number');
    const tickets = await reader.tickets({ fromMs: from, toMs: to });
    expect(tickets.every((t) => t.opened_at >= from && t.opened_at < to)).toBe(true);
  });

  it('filters by provinces and sites; an empty scope reads nothing', async () => {
    const range = { fromMs: startMs - 30 * DAY, toMs: startMs };
    const all = await reader.revenue(range);
    const province = all[0]!.province;
    const some = await reader.revenue(range, new Set([province]));
    expect(some.length).toBe(all.filter((r) => r.province === province).length);
    expect(await reader.revenue(range, [])).toEqual([]);
    const assurance = await reader.assurance(range);
    const site = assurance[0]!.site_id;
    const one = await reader.assurance(range, new Set([site]));
    expect(one.length).toBe(assurance.filter((r) => r.site_id === site).length);
    expect(one.every((r) => r.site_id === site)).toBe(true);
    const tickets = await reader.tickets(range, new Set(['Nowhere']));
    expect(tickets).toEqual([]);
  });

  it('sums a range per (site, class) as the daily rows add up: minutes and hours summed, fees the largest day', async () => {
    const range = { fromMs: startMs - 9 * DAY, toMs: startMs - 2 * DAY };
    const daily = await reader.assurance(range);
    const totals = await reader.assuranceTotals(range);
    const bySiteClass = new Map<string, typeof daily>();
    for (const r of daily) bySiteClass.set(`${r.site_id}|${r.tier_id}`, [...(bySiteClass.get(`${r.site_id}|${r.tier_id}`) ?? []), r]);
    expect(totals.length).toBe(bySiteClass.size);
    for (const t of totals) {
      const rows = bySiteClass.get(`${t.site_id}|${t.tier_id}`)!;
      const sum = (k: 'measured_minutes' | 'latency_compliant_minutes' | 'uplink_compliant_minutes' | 'site_hours' | 'site_hours_met' | 'revenue_fen') => rows.reduce((n, r) => n + r[k], 0);
      expect(t).toEqual({
        day: range.fromMs, site_id: t.site_id, tier_id: t.tier_id, province: rows[0]!.province, region: rows[0]!.region,
        measured_minutes: sum('measured_minutes'), latency_compliant_minutes: sum('latency_compliant_minutes'),
        uplink_compliant_minutes: sum('uplink_compliant_minutes'), site_hours: sum('site_hours'), site_hours_met: sum('site_hours_met'),
        revenue_fen: sum('revenue_fen'), accounts: Math.max(...rows.map((r) => r.accounts)), monthly_fee_fen: Math.max(...rows.map((r) => r.monthly_fee_fen)),
      });
    }
    const site = totals[0]!.site_id;
    expect((await reader.assuranceTotals(range, [site])).every((r) => r.site_id === site)).toBe(true);
  });

  it('sees a rolled day after refresh, once, and a rewrite replaces it', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const row = (fen: number): RevenueHistoryRow => ({
      day: startMs, tier_id: 1, segment: 'family', province: 'Beijing', region: 'North', subscription_fen: fen, pack_fen: 0, payg_fen: 0,
      overage_fen: 0, revenue_fen: fen, paying_accounts: 1, accounts: 1, new_accounts: 0, churned_accounts: 0, tokens: 5,
    });
    await writeHistoryParquet(conn, HISTORY_TABLES.revenue_history, [row(100)], historyDayFile(lakeDir, 'revenue_history', startMs));
    expect(await reader.revenue({ fromMs: startMs, toMs: startMs + DAY })).toEqual([]); // file list as of the last refresh
    await reader.refresh();
    expect(reader.coverage()).toEqual({ fromMs: generatedHistoryRange(startMs).fromMs, toMs: startMs + DAY });
    await writeHistoryParquet(conn, HISTORY_TABLES.revenue_history, [row(250)], historyDayFile(lakeDir, 'revenue_history', startMs));
    await reader.refresh();
    expect(await reader.revenue({ fromMs: startMs, toMs: startMs + DAY })).toEqual([row(250)]);
    expect(await rolledDays(lakeDir, 'revenue_history')).toEqual([startMs]);
    conn.closeSync();
    db.closeSync();
  });
});
