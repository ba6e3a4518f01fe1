// History rows of raw days equal the product's own figures: revenue_day/model_day to the fen, the NOC's assurance and
// revenue attribution for the same day, hours judged as the objective defines, tickets scored as evaluation scores them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_AUTONOMY_DEFAULTS } from '../../../schema/automation.js';
import type { TicketDetail } from '../../../schema/automation.js';
import { LakeReader } from '../../../pipelines/lake/lakeReader.js';
import { FactReader } from '../../../pipelines/lake/factReader.js';
import { RevenueService, type RevenueSnapshot } from '../../../server/revenue/revenueService.js';
import { NocService } from '../../../server/noc/nocService.js';
import { assuranceHistoryForDay, dayRevenueByAccount, revenueHistoryRows, ticketHistoryRows } from '../../../pipelines/history/rollupFromRaw.js';
import { query, tinyLake } from '../../fixtures/lakeHelpers.js';

const DAY = 86_400_000;
// Oct 30, Oct 31 and Nov 1: a month boundary, where usage-priced accounts stop paying.
const END = Date.UTC(2026, 10, 2);
let lakeDir = '';
let lake: LakeReader;
let revenue: RevenueService;
let snap: RevenueSnapshot;
const silent = { info() {}, error() {} };

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 5, sites: 20, accounts: 600, days: 3, endMs: END })).dir;
  lake = await LakeReader.open(lakeDir);
  revenue = new RevenueService(lake, () => END - 1, silent);
  const s = await revenue.refresh();
  if (!s) throw new Error(revenue.lastError ?? 'no rating');
  snap = s;
});
afterAll(() => lake.close());

const key = (r: { day: number; tier_id: number; segment: string; province: string }) => `${r.day}|${r.tier_id}|${r.segment}|${r.province}`;

describe('revenueHistoryRows', () => {
  it('sums revenue_day without the channel to the fen, and tokens from model_day', () => {
    const rows = revenueHistoryRows(snap.rated, { fromMs: END - 3 * DAY, toMs: END });
    const expected = new Map<string, { fen: number[]; paying: number; accounts: number; tokens: number }>();
    const cell = (k: string) => {
      let e = expected.get(k);
      if (!e) expected.set(k, (e = { fen: [0, 0, 0, 0, 0], paying: 0, accounts: 0, tokens: 0 }));
      return e;
    };
    for (const r of snap.rated.revenueDay) {
      const e = cell(key(r));
      [r.subscription_fen, r.pack_fen, r.payg_fen, r.overage_fen, r.revenue_fen].forEach((v, i) => { e.fen[i]! += v; });
      e.paying += r.paying_accounts; e.accounts += r.accounts;
    }
    for (const r of snap.rated.modelDay) cell(key(r)).tokens += r.tokens_in + r.tokens_out;
    expect(rows.length).toBe(expected.size);
    for (const r of rows) {
      const e = expected.get(key(r))!;
      expect([r.subscription_fen, r.pack_fen, r.payg_fen, r.overage_fen, r.revenue_fen], key(r)).toEqual(e.fen);
      expect([r.paying_accounts, r.accounts, r.tokens], key(r)).toEqual([e.paying, e.accounts, e.tokens]);
    }
    expect(rows.reduce((s, r) => s + r.revenue_fen, 0)).toBe(snap.rated.revenueDay.reduce((s, r) => s + r.revenue_fen, 0));
  });

  it('counts signups by day and churn where usage-priced accounts stop paying at the month start', async () => {
    const rows = revenueHistoryRows(snap.rated, { fromMs: END - 3 * DAY, toMs: END });
    const signups = await query(`SELECT epoch_ms(date_trunc('day', signup_date))::DOUBLE AS day, count(*)::DOUBLE AS n
      FROM read_parquet('${lakeDir}/account/*.parquet') WHERE signup_date >= make_timestamp_ms(${END - 3 * DAY}) GROUP BY 1`);
    for (const s of signups) {
      expect(rows.filter((r) => r.day === Number(s.day)).reduce((n, r) => n + r.new_accounts, 0)).toBe(Number(s.n));
    }
    // Independent: pay-as-you-go accounts with billable usage in October's two days and none on November 1.
    const [payg] = await query(`WITH u AS (
        SELECT account_id, max(ts < make_timestamp_ms(${END - DAY}) AND tokens_in + tokens_out > 0) AS oct,
          max(ts >= make_timestamp_ms(${END - DAY}) AND tokens_in + tokens_out > 0) AS nov
        FROM read_parquet('${lakeDir}/usage/*/*.parquet') GROUP BY 1)
      SELECT count(*)::DOUBLE AS n FROM u JOIN read_parquet('${lakeDir}/account/*.parquet') a USING (account_id)
      WHERE a.tier_id = 8 AND oct AND NOT coalesce(nov, false)`);
    const churned = rows.filter((r) => r.day === END - DAY && r.tier_id === 8).reduce((n, r) => n + r.churned_accounts, 0);
    expect(churned).toBe(Number(payg!.n));
    expect(churned).toBeGreaterThan(0);
    expect(rows.filter((r) => r.day < END - DAY).every((r) => r.churned_accounts === 0)).toBe(true);
  });
});

describe('assuranceHistoryForDay', () => {
  it('equals the NOC assurance and revenue attribution over the same day', async () => {
    const day = END - 2 * DAY;
    const facts = new FactReader(lake, null);
    const [sites, tiers, accounts] = await Promise.all([lake.rows('site'), lake.rows('tier'), lake.scan('account', {}, { columns: ['account_id', 'tier_id'] })]);
    const rows = await assuranceHistoryForDay(facts, day, { sites, tiers, accounts }, dayRevenueByAccount(snap.rated.accountDays, day));
    const noc = await new NocService(facts, revenue).assurance({ fromMs: day, toMs: day + DAY });
    const nocRevenue = new Map(noc.revenue.map((r) => [`${r.siteId}|${r.tierId}`, r.revenueFen]));
    let classes = 0;
    for (const s of noc.sites) {
      for (const c of s.classes) {
        const r = rows.find((x) => x.site_id === s.siteId && x.tier_id === c.tierId);
        expect(r, `${s.siteId}/${c.tierId}`).toBeDefined();
        expect(r!.measured_minutes).toBe(s.measuredMinutes);
        expect(r!.latency_compliant_minutes).toBe(c.compliantMinutes);
        expect(r!.uplink_compliant_minutes).toBe(c.uplinkCompliantMinutes ?? s.measuredMinutes);
        expect(r!.accounts).toBe(c.accounts);
        expect(r!.revenue_fen).toBe(nocRevenue.get(`${s.siteId}|${c.tierId}`) ?? 0);
        classes++;
      }
    }
    expect(rows.length).toBe(classes);
    expect(rows.reduce((n, r) => n + r.revenue_fen, 0)).toBe(noc.revenue.reduce((n, r) => n + r.revenueFen, 0));

    // Hours, independently: with 60 one-minute samples an hour meets 99.5 % only without a breach minute.
    const hours = await query(`WITH m AS (
        SELECT site_id, epoch_ms(ts) // 3600000 AS h, epoch_ms(ts) // 60000 AS mi, max(latency_ms) AS lat, min(ul_mbps) AS ul
        FROM read_parquet('${lakeDir}/kpi/*/*.parquet') WHERE ts >= make_timestamp_ms(${day}) AND ts < make_timestamp_ms(${day + DAY}) GROUP BY ALL),
      t AS (SELECT * FROM read_parquet('${lakeDir}/tier/*.parquet')),
      -- A site-hour counts for the classes whose accounts used the site in that hour.
      s AS (SELECT DISTINCT u.site_id, epoch_ms(u.ts) // 3600000 AS h, a.tier_id
        FROM read_parquet('${lakeDir}/usage/*/*.parquet') u JOIN read_parquet('${lakeDir}/account/*.parquet') a USING (account_id)
        WHERE u.ts >= make_timestamp_ms(${day}) AND u.ts < make_timestamp_ms(${day + DAY}))
      SELECT m.site_id, t.tier_id, count(DISTINCT m.h)::DOUBLE AS hours,
        (count(DISTINCT m.h) - count(DISTINCT m.h) FILTER (WHERE lat > t.latency_sla_ms OR ul < coalesce(t.uplink_sla_mbps, -1)))::DOUBLE AS met
      FROM m JOIN s ON s.site_id = m.site_id AND s.h = m.h JOIN t ON t.tier_id = s.tier_id GROUP BY ALL`);
    const hourOf = new Map(hours.map((h) => [`${Number(h.site_id)}|${Number(h.tier_id)}`, h]));
    for (const r of rows) {
      const h = hourOf.get(`${r.site_id}|${r.tier_id}`);
      expect([r.site_hours, r.site_hours_met], `${r.site_id}/${r.tier_id}`).toEqual([Number(h?.hours ?? 0), Number(h?.met ?? 0)]);
    }
    expect(rows.some((r) => r.site_hours_met < r.site_hours)).toBe(true);
  });
});

describe('ticketHistoryRows', () => {
  const base = {
    groupKey: 'g', ruleId: 'latency-early-warning', severity: 'major' as const, title: 't', siteIds: [3], transportNodeId: null, labels: {},
    runbook: 'restart_baseband', runbookRuleId: 'baseband-fault', actionParams: null, updatedAtMs: 0, actedAtMs: null, actionDone: true,
    verifySinceMs: null, acknowledgedBy: null, cooldownUntilMs: null, holdsGroup: false, ...TICKET_AUTONOMY_DEFAULTS,
  };
  const ev = (atMs: number, actor: string, toState: TicketDetail['events'][number]['toState'] = null) =>
    ({ eventId: atMs, ticketId: 0, atMs, kind: 'transition' as const, fromState: null, toState, actor, reason: '', data: null });

  it('scores lead time as evaluation does and names the outcome by who acted', () => {
    const T = Date.UTC(2026, 9, 30, 10);
    const details: TicketDetail[] = [
      // Opened 12 min before its first breach, healed by the loop alone.
      { ticket: { ...base, ticketId: 1, state: 'resolved', openedAtMs: T, closedAtMs: T + 20 * 60_000, predictedBreachAtMs: T + 9 * 60_000, firstBreachAtMs: T + 12 * 60_000 },
        events: [ev(T, 'rule:latency-early-warning'), ev(T + 20 * 60_000, 'verifier', 'resolved')] },
      // Opened while breaching, a person resolved it.
      { ticket: { ...base, ticketId: 2, siteIds: [9], state: 'resolved', openedAtMs: T, closedAtMs: T + 3_600_000, predictedBreachAtMs: null, firstBreachAtMs: T },
        events: [ev(T, 'rule:x'), ev(T + 3_600_000, 'user:ana', 'resolved')] },
      // Prevented: never breached, lead to the predicted breach; escalated.
      { ticket: { ...base, ticketId: 3, state: 'escalated', openedAtMs: T, closedAtMs: T + 30 * 60_000, predictedBreachAtMs: T + 15 * 60_000, firstBreachAtMs: null },
        events: [ev(T, 'rule:x'), ev(T + 30 * 60_000, 'automation', 'escalated')] },
      // Still open, nothing known about a breach.
      { ticket: { ...base, ticketId: 4, state: 'acting', openedAtMs: T + 1, closedAtMs: null, predictedBreachAtMs: null, firstBreachAtMs: null }, events: [] },
    ];
    const rows = ticketHistoryRows(details, new Map([[3, 'Guangdong'], [9, 'Beijing']]));
    expect(rows.map((r) => [r.ticket_id, r.province, r.caught_before_breach, r.lead_minutes, r.outcome, r.closed_at, r.escalated_at])).toEqual([
      [1, 'Guangdong', 1, 12, 'auto_healed', T + 20 * 60_000, null],
      [2, 'Beijing', 0, 0, 'resolved_by_person', T + 3_600_000, null],
      [3, 'Guangdong', 1, 15, 'escalated', T + 30 * 60_000, T + 30 * 60_000],
      [4, 'Guangdong', 1, null, 'open', null, null],
    ]);
  });
});
