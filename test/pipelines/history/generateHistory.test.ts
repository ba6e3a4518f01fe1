// The generated daily history: deterministic, laid out for one glob, shaped like an operator's past, and continuous
// with the raw lake's first day as the rollup computes it.
import { readFile, rm } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { HISTORY_MONTHS } from '../../../schema/history.js';
import { LakeReader } from '../../../pipelines/lake/lakeReader.js';
import { rateLake } from '../../../pipelines/rating/rateLake.js';
import { FactReader } from '../../../pipelines/lake/factReader.js';
import { buildOperatorPlan } from '../../../pipelines/simulator/plan/operatorPlan.js';
import { ensureHistory, generatedHistoryRange, generateHistory } from '../../../pipelines/history/generateHistory.js';
import { generatedHistoryFile, HISTORY_TABLE_NAMES, historyGlob } from '../../../pipelines/history/historyLayout.js';
import { HistoryReader } from '../../../pipelines/history/historyReader.js';
import { calibrateFromDay } from '../../../pipelines/history/historyCalibration.js';
import { generateRevenueHistory } from '../../../pipelines/history/generateRevenueHistory.js';
import { holidayOf } from '../../../pipelines/history/historySeasonality.js';
import { assuranceHistoryForDay, dayRevenueByAccount, revenueHistoryRows } from '../../../pipelines/history/rollupFromRaw.js';
import { query, tinyLake } from '../../fixtures/lakeHelpers.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
let lakeDir = '';
let startMs = 0;
let reader: HistoryReader;

beforeAll(async () => {
  const lake = await tinyLake({ seed: 7, sites: 40, accounts: 3000, days: 2, endMs: END });
  lakeDir = lake.dir;
  startMs = lake.manifest.startMs;
  reader = await HistoryReader.open(lakeDir);
  return () => reader.close();
});

const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

describe('generated history', () => {
  it('covers HISTORY_MONTHS whole months before the raw start, one generated file per table, read by one glob', async () => {
    const { fromMs, toMs } = generatedHistoryRange(startMs);
    expect(toMs).toBe(startMs);
    expect(new Date(fromMs).getUTCDate()).toBe(1);
    expect((toMs - fromMs) / DAY).toBeGreaterThanOrEqual(HISTORY_MONTHS * 28);
    expect(reader.coverage()).toEqual({ fromMs, toMs });
    for (const t of HISTORY_TABLE_NAMES) {
      const [row] = await query(`SELECT count(*)::DOUBLE AS n FROM read_parquet('${historyGlob(lakeDir, t)}')`);
      expect(Number(row!.n), t).toBeGreaterThan(0);
    }
  });

  it('is deterministic: generating again writes the same bytes', async () => {
    const before = await Promise.all(HISTORY_TABLE_NAMES.map((t) => readFile(generatedHistoryFile(lakeDir, t))));
    const m = (await LakeReader.open(lakeDir)).manifest;
    await generateHistory(lakeDir, buildOperatorPlan({ seed: m.seed, sites: m.sites, accounts: m.accounts, startMs: m.startMs, endMs: m.endMs }));
    const after = await Promise.all(HISTORY_TABLE_NAMES.map((t) => readFile(generatedHistoryFile(lakeDir, t))));
    after.forEach((b, i) => expect(b.equals(before[i]!), HISTORY_TABLE_NAMES[i]).toBe(true));
  });

  it('counts accounts exactly from the plan: fewer a year earlier, signups per day', async () => {
    const { fromMs, toMs } = generatedHistoryRange(startMs);
    const rows = await reader.revenue({ fromMs, toMs });
    const byDay = new Map<number, { accounts: number; added: number }>();
    for (const r of rows) {
      const x = byDay.get(r.day) ?? { accounts: 0, added: 0 };
      x.accounts += r.accounts; x.added += r.new_accounts;
      byDay.set(r.day, x);
    }
    // Independent: the published account dimension.
    const expected = await query(`SELECT d::DOUBLE AS day,
        (SELECT count(*) FROM read_parquet('${lakeDir}/account/*.parquet') WHERE epoch_ms(date_trunc('day', signup_date)) <= d)::DOUBLE AS n,
        (SELECT count(*) FROM read_parquet('${lakeDir}/account/*.parquet') WHERE epoch_ms(date_trunc('day', signup_date)) = d)::DOUBLE AS added
      FROM range(${fromMs}::BIGINT, ${toMs}::BIGINT, ${DAY}::BIGINT) t(d) WHERE (d - ${fromMs}::BIGINT) % ${37 * DAY}::BIGINT = 0`);
    for (const e of expected) {
      expect(byDay.get(Number(e.day))?.accounts ?? 0, String(e.day)).toBe(Number(e.n));
      expect(byDay.get(Number(e.day))?.added ?? 0, String(e.day)).toBe(Number(e.added));
    }
    const first = byDay.get(fromMs)!.accounts, last = byDay.get(toMs - DAY)!.accounts;
    expect(first).toBeLessThan(last * 0.8);
  });

  it('shows weekly seasonality, the Spring Festival, and autonomy improving over time', async () => {
    const { fromMs, toMs } = generatedHistoryRange(startMs);
    const rows = await reader.revenue({ fromMs, toMs });
    const tokensOn = (day: number, seg: string) => sum(rows.filter((r) => r.day === day && r.segment === seg), (r) => r.tokens);
    const festival = Date.UTC(2026, 1, 17);
    expect(holidayOf(festival)).toBe('spring_festival');
    // The same weekday two and three weeks before: offices closed over the festival, families busier.
    const normal = (seg: string) => (tokensOn(festival - 14 * DAY, seg) + tokensOn(festival - 21 * DAY, seg)) / 2;
    expect(tokensOn(festival, 'enterprise')).toBeLessThan(normal('enterprise') * 0.6);
    expect(tokensOn(festival, 'family')).toBeGreaterThan(normal('family'));
    // Weekends: enterprise usage drops (2026-03-07 is a Saturday, 03-04 a Wednesday).
    expect(tokensOn(Date.UTC(2026, 2, 7), 'enterprise')).toBeLessThan(tokensOn(Date.UTC(2026, 2, 4), 'enterprise') * 0.7);

    const tickets = await reader.tickets({ fromMs, toMs });
    const share = (from: number, to: number) => {
      const t = tickets.filter((x) => x.opened_at >= from && x.opened_at < to);
      return { healed: t.filter((x) => x.outcome === 'auto_healed').length / t.length, caught: sum(t, (x) => x.caught_before_breach) / t.length };
    };
    const early = share(fromMs, fromMs + 120 * DAY), late = share(toMs - 120 * DAY, toMs);
    expect(late.healed).toBeGreaterThan(early.healed);
    expect(late.caught).toBeGreaterThan(early.caught);
    // Incidents: some site-days fall well below the objective.
    const assurance = await reader.assurance({ fromMs, toMs: fromMs + 60 * DAY });
    expect(assurance.some((r) => r.latency_compliant_minutes < r.measured_minutes * 0.95)).toBe(true);
    expect(assurance.every((r) => r.site_hours_met <= r.site_hours && r.latency_compliant_minutes <= r.measured_minutes)).toBe(true);
  });

  it('meets the raw lake: the last generated day is within 15 % of the first raw day rolled up from raw data', async () => {
    const lake = await LakeReader.open(lakeDir);
    const rated = await rateLake({ lake, range: { fromMs: startMs, toMs: startMs + DAY }, nowMs: startMs + DAY });
    const raw = revenueHistoryRows(rated, { fromMs: startMs, toMs: startMs + DAY });
    const hist = await reader.revenue({ fromMs: startMs - DAY, toMs: startMs });
    // Accounts continue exactly (both count the plan's signups); revenue is mostly subscriptions, pro-rated as the rating does.
    expect(sum(hist, (r) => r.accounts) + sum(raw, (r) => r.new_accounts)).toBe(sum(raw, (r) => r.accounts));
    expect(Math.abs(sum(hist, (r) => r.revenue_fen) / sum(raw, (r) => r.revenue_fen) - 1)).toBeLessThan(0.15);
    expect(Math.abs(sum(hist, (r) => r.paying_accounts) / sum(raw, (r) => r.paying_accounts) - 1)).toBeLessThan(0.15);

    // Run over the first raw day itself, the generator's subscriptions and account counts are the rating's, to the fen.
    const db = await DuckDBInstance.create(':memory:');
    const plan = buildOperatorPlan({ seed: 7, sites: 40, accounts: 3000, startMs, endMs: END });
    const cal = await calibrateFromDay(await db.connect(), lakeDir, plan, startMs);
    const gen = generateRevenueHistory(plan, cal, startMs, startMs + DAY);
    const cellOf = (r: { tier_id: number; segment: string; province: string }) => `${r.tier_id}|${r.segment}|${r.province}`;
    const rawByCell = new Map(raw.map((r) => [cellOf(r), r]));
    expect(gen.length).toBe(raw.length);
    for (const g of gen) {
      const r = rawByCell.get(cellOf(g))!;
      expect([g.subscription_fen, g.accounts, g.new_accounts], cellOf(g)).toEqual([r.subscription_fen, r.accounts, r.new_accounts]);
    }
    db.closeSync();

    const [sites, tiers, accounts] = await Promise.all([lake.rows('site'), lake.rows('tier'), lake.scan('account', {}, { columns: ['account_id', 'tier_id'] })]);
    const rawA = await assuranceHistoryForDay(new FactReader(lake, null), startMs, { sites, tiers, accounts }, dayRevenueByAccount(rated.accountDays, startMs));
    const histA = await reader.assurance({ fromMs: startMs - DAY, toMs: startMs });
    const compliance = (rows: typeof rawA) => sum(rows, (r) => r.latency_compliant_minutes) / sum(rows, (r) => r.measured_minutes);
    expect(Math.abs(compliance(histA) - compliance(rawA))).toBeLessThan(0.03);
    expect(Math.abs(sum(histA, (r) => r.accounts) / sum(rawA, (r) => r.accounts) - 1)).toBeLessThan(0.25);
    // Site-hours meeting the objective (the executive KPI) continue too: a seam here would read as a real change.
    const hoursMet = (rows: typeof rawA) => sum(rows, (r) => r.site_hours_met) / sum(rows, (r) => r.site_hours);
    expect(Math.abs(hoursMet(histA) - hoursMet(rawA))).toBeLessThan(0.03);
    expect(Math.abs(sum(histA, (r) => r.site_hours) / sum(rawA, (r) => r.site_hours) - 1)).toBeLessThan(0.15);
    lake.close();
  });

  it('ensureHistory adds the history to a lake that has none, the same as the fixtures write', async () => {
    const old = await tinyLake({ seed: 7, sites: 40, accounts: 3000, days: 2, endMs: END });
    const saved = await readFile(generatedHistoryFile(old.dir, 'revenue_history'));
    await rm(`${old.dir}/history`, { recursive: true });
    expect(await ensureHistory(old.dir)).toBe(true);
    expect(await ensureHistory(old.dir)).toBe(false);
    expect((await readFile(generatedHistoryFile(old.dir, 'revenue_history'))).equals(saved)).toBe(true);
  });
});
