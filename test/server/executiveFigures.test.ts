// Every executive figure equals what the revenue explorer (its SQL over the rated tables), the NOC (NocService.assurance)
// and the ticket store give for the same period, to the fen, on a small generated lake read through lake + hot window.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createTableSql } from '../../schema/duckdbSql.js';
import { RATED_TABLES } from '../../schema/ratedTables.js';
import { FACT_TABLES, TABLES, type Tier } from '../../schema/tables.js';
import { TICKET_AUTONOMY_DEFAULTS } from '../../schema/automation.js';
import type { TableSpec } from '../../schema/columns.js';
import type { Ticket } from '../../schema/automation.js';
import type { ExecReport, ReportDefinition, ReportPeriod } from '../../schema/executive.js';
import { KPI_CATALOG, REPORT_TABLES } from '../../schema/executive.js';
import { writeRowsToParquet } from '../../pipelines/lake/parquetWriter.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { revenueHistoryRows } from '../../pipelines/history/rollupFromRaw.js';
import { parsePeriod } from '../../domain/period/reportPeriod.js';
import { RevenueService } from '../../server/revenue/revenueService.js';
import { NocService } from '../../server/noc/nocService.js';
import { DataScope, resolveDataScope, type ScopeSite } from '../../server/identity/dataScope.js';
import { ExecutiveService } from '../../server/executive/executiveService.js';
import { ReportDefinitionList } from '../../server/executive/reportDefinitions.js';
import { EMPTY_FILTERS, arpuBySql, modelMixSql, summarySql, type RevenueFilters } from '../../client/features/revenue/revenueQueries.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const END = Date.UTC(2026, 9, 21); // lake: 18-20 October 2026
const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = END - 1; // the data's present: the last lake minute
const silent = { info() {}, error() {} };

const DEF: ReportDefinition = {
  id: 'all-kpis', title: 'All KPIs', audience: 'test', source: 'test', period: 'day', schedule: null, deliver: [],
  sections: (['revenue', 'experience', 'autonomy'] as const).map((id) => ({
    id, title: id, kpis: KPI_CATALOG.filter((k) => k.section === id).map((k) => k.id),
    tables: (Object.keys(REPORT_TABLES) as Array<keyof typeof REPORT_TABLES>).filter((t) => REPORT_TABLES[t].section === id),
  })),
};

let lakeDir = '';
let lake: LakeReader;
let revenue: RevenueService;
let noc: NocService;
let svc: ExecutiveService;
let sites: ScopeSite[];
let tiers: Tier[];
let db: DuckDBInstance;
let conn: DuckDBConnection;
let ticketDb: DuckDbDriver;

async function q<T>(sql: string): Promise<T[]> { return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[]; }

/** Tickets written by hand with known times: the autonomy expectations below are computed from this list by hand. */
async function seedTickets(store: TicketStore, siteA: number, siteB: number) {
  const d1 = END - 2 * DAY; // 19 October
  const base: Omit<Ticket, 'ticketId'> = {
    groupKey: '', ruleId: 'latency', severity: 'major', state: 'open', title: '', siteIds: [siteA], transportNodeId: null, labels: {},
    runbook: 'reroute', runbookRuleId: null, actionParams: null, openedAtMs: 0, updatedAtMs: 0, actedAtMs: null, actionDone: false,
    verifySinceMs: null, closedAtMs: null, acknowledgedBy: null, predictedBreachAtMs: null, firstBreachAtMs: null, cooldownUntilMs: null, holdsGroup: false, ...TICKET_AUTONOMY_DEFAULTS,
  };
  const add = async (key: string, t: Partial<Ticket>, events: Array<{ atMs: number; toState: Ticket['state'] | null; actor: string; kind?: 'transition' | 'comment' }>) => {
    const r = await store.open({ ...base, ...t, groupKey: key, title: key }, { atMs: t.openedAtMs!, kind: 'transition', fromState: null, toState: 'open', actor: 'rule:latency', reason: 'opened', data: null });
    if (!('ticket' in r)) throw new Error('not opened');
    for (const e of events) await store.addEvent(r.ticket.ticketId, { atMs: e.atMs, kind: e.kind ?? 'transition', fromState: null, toState: e.toState, actor: e.actor, reason: 'test', data: null });
  };
  // 1: healed by its runbook, prevented (lead to the prediction: 30 min), open 10:00 -> resolved 10:40.
  //    Priced (ledger): true, remediated, never breached: 0.5 h x 6,000 fen/h protected, 9,000 fen of credits avoided.
  await add('t1', { state: 'resolved', openedAtMs: d1 + 10 * HOUR, predictedBreachAtMs: d1 + 10 * HOUR + 30 * 60_000, closedAtMs: d1 + 10 * HOUR + 40 * 60_000,
    actionDone: true, verdict: 'true', money: { revenueAtRiskFenPerHour: 6_000, creditsAtStakeFen: 9_000, ratingVersion: 1 } },
    [{ atMs: d1 + 10 * HOUR + 40 * 60_000, toState: 'resolved', actor: 'verifier' }]);
  // 2: breached 12 min after opening, resolved by a person after 90 min.
  //    Judged false by a person (priced, no runbook run): one false ticket's cost, 5,000 fen.
  await add('t2', { state: 'resolved', openedAtMs: d1 + 12 * HOUR, firstBreachAtMs: d1 + 12 * HOUR + 12 * 60_000, closedAtMs: d1 + 13 * HOUR + 30 * 60_000,
    verdict: 'false', money: { revenueAtRiskFenPerHour: 2_000, creditsAtStakeFen: 1_000, ratingVersion: 1 } },
    [{ atMs: d1 + 12 * HOUR + 20 * 60_000, toState: null, actor: 'user:ops', kind: 'comment' }, { atMs: d1 + 13 * HOUR + 30 * 60_000, toState: 'resolved', actor: 'user:ops' }]);
  // 3: opened while breaching (breach at the open: not caught, lead 0), escalated at 15:00, at site B.
  await add('t3', { state: 'escalated', siteIds: [siteB], openedAtMs: d1 + 14 * HOUR, firstBreachAtMs: d1 + 14 * HOUR, closedAtMs: d1 + 15 * HOUR },
    [{ atMs: d1 + 15 * HOUR, toState: 'escalated', actor: 'automation' }]);
  // 4: still open, breach 6 min after opening.
  await add('t4', { state: 'acting', openedAtMs: d1 + 20 * HOUR, firstBreachAtMs: d1 + 20 * HOUR + 6 * 60_000 }, []);
  // 5: the day before: opened 18 Oct 23:00, auto-healed 19 Oct 00:30 (closes on the 19th, opened on the 18th).
  await add('t5', { state: 'resolved', openedAtMs: d1 - HOUR, firstBreachAtMs: null, closedAtMs: d1 + 30 * 60_000 }, [{ atMs: d1 + 30 * 60_000, toState: 'resolved', actor: 'verifier' }]);
}

beforeAll(async () => {
  const l = await tinyLake({ seed: 11, sites: 20, accounts: 400, days: 3, endMs: END });
  lakeDir = l.dir;
  lake = await LakeReader.open(lakeDir);
  // A hot window from 30 h before the present, loaded from the lake as the runtime does: figures read both parts.
  const hot = new HotWindow(30, NOW);
  for (const t of FACT_TABLES) hot.addFromLake(t, await lake.scan(t, { fromMs: hot.coverageStartMs }, { orderBy: [TABLES[t].timeColumn] }) as Record<string, unknown[]>);
  const facts = new FactReader(lake, hot);
  revenue = new RevenueService(lake, () => NOW, silent);
  const snap = await revenue.refresh();
  if (!snap) throw new Error(revenue.lastError ?? 'no rating');
  noc = new NocService(facts, revenue);
  const s = await lake.scan('site', {}, { columns: ['site_id', 'province', 'region'] });
  sites = s.site_id.map((id, i) => ({ site_id: id, province: s.province[i]!, region: s.region[i]! }));
  tiers = await lake.rows('tier');
  ticketDb = await DuckDbDriver.open(':memory:');
  const store = new TicketStore(ticketDb);
  await store.init();
  await seedTickets(store, sites[0]!.site_id, sites[1]!.site_id);
  svc = new ExecutiveService({
    facts, rating: revenue, tickets: ticketDb, history: null, sites, now: () => NOW,
    definitions: new ReportDefinitionList([DEF]), targets: () => ({ version: 't1', source: 'test', byKpi: new Map() }),
  });
  // The explorer's tables: the rated rows the data plane serves, in DuckDB node.
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const name of ['revenue_day', 'model_day'] as const) {
    const spec = RATED_TABLES[name] as TableSpec;
    const file = path.join(lakeDir, '..', `${name}.parquet`);
    await writeRowsToParquet(conn, spec, (name === 'revenue_day' ? snap.rated.revenueDay : snap.rated.modelDay) as never, file);
    await conn.run(createTableSql(name, spec));
    await conn.run(`INSERT INTO ${name} SELECT * FROM read_parquet('${file}')`);
  }
}, 120_000);

afterAll(async () => {
  conn?.closeSync();
  db?.closeSync();
  await ticketDb?.close();
  if (lakeDir) await rm(path.dirname(lakeDir), { recursive: true, force: true });
});

const kpis = (r: ExecReport) => new Map(r.sections.flatMap((s) => s.kpis).map((k) => [k.id, k]));
const value = (r: ExecReport, id: string) => kpis(r).get(id)!.value;
const tableOf = (r: ExecReport, id: string) => r.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;

/** The explorer's numbers for a period (and scope provinces), from its own SQL. */
async function explorer(p: ReportPeriod, provinces: string[] = []) {
  const f: RevenueFilters = { ...EMPTY_FILTERS, fromMs: p.fromMs, toMs: p.toMs, provinces };
  const s = (await q<Record<string, number>>(summarySql(f)))[0]!;
  const tokens = (await q<{ tokens: number }>(modelMixSql(f))).reduce((n, r) => n + r.tokens, 0);
  const bySegment = await q<{ key: string; arpuFen: number }>(arpuBySql(f, 'segment'));
  return { s, tokens, bySegment, f };
}

/** The NOC's numbers for a window: credits, revenue at risk, and site-hours judged hour by hour, per class and province. */
async function nocFigures(p: ReportPeriod, scope: DataScope) {
  const w = { fromMs: p.fromMs, toMs: Math.min(p.toMs, NOW) };
  const a = await noc.assurance(w, scope);
  const rev = new Map(a.revenue.map((r) => [`${r.siteId}|${r.tierId}`, r.revenueFen]));
  const provinceOf = new Map(sites.map((s) => [s.site_id, s.province]));
  let atRisk = 0;
  const byProvince = new Map<string, { hours: number; met: number; credits: number; atRisk: number; below: number }>();
  const prov = (siteId: number) => {
    const k = provinceOf.get(siteId)!;
    let x = byProvince.get(k);
    if (!x) byProvince.set(k, (x = { hours: 0, met: 0, credits: 0, atRisk: 0, below: 0 }));
    return x;
  };
  for (const s of a.sites) {
    const siteRisk = s.classes.filter((c) => c.objectiveMet === false).reduce((n, c) => n + (rev.get(`${s.siteId}|${c.tierId}`) ?? 0), 0);
    atRisk += siteRisk;
    const x = prov(s.siteId);
    x.credits += s.creditsFen; x.atRisk += siteRisk; if (s.objectiveMet === false) x.below++;
  }
  const byClass = new Map<number, { hours: number; met: number }>();
  let hours = 0, met = 0;
  for (let h = w.fromMs; h < w.toMs; h += HOUR) {
    const hr = await noc.assurance({ fromMs: h, toMs: Math.min(h + HOUR, w.toMs) }, scope);
    for (const s of hr.sites) {
      for (const c of s.classes) {
        if (c.objectiveMet === null) continue;
        const k = byClass.get(c.tierId) ?? { hours: 0, met: 0 };
        k.hours++; hours++;
        if (c.objectiveMet) { k.met++; met++; }
        byClass.set(c.tierId, k);
        const x = prov(s.siteId);
        x.hours++; if (c.objectiveMet) x.met++;
      }
    }
  }
  return { credits: a.fleet.creditsFen, atRisk, hours, met, byClass, byProvince };
}

describe('executive figures equal the explorer, the NOC and the ticket store', () => {
  for (const text of ['2026-10-19', '2026-10-18..2026-10-20']) {
    it(`revenue KPIs and tables = the explorer's SQL and revenue.total (${text})`, async () => {
      const p = parsePeriod(text);
      const r = await svc.report(DEF, p, DataScope.ALL);
      const { s, tokens, bySegment } = await explorer(p);
      expect(s.revenueFen).toBeGreaterThan(0);
      expect(value(r, 'revenue_total')).toBe(s.revenueFen);
      expect(value(r, 'revenue_total')).toBe(revenue.total({ fromMs: p.fromMs, toMs: p.toMs })!.totalFen);
      expect(value(r, 'revenue_subscription')).toBe(s.subscriptionFen);
      expect(value(r, 'revenue_pack')).toBe(s.packFen);
      expect(value(r, 'revenue_payg')).toBe(s.paygFen);
      expect(value(r, 'revenue_overage')).toBe(s.overageFen);
      expect(value(r, 'arpu')).toBe(Math.round(s.arpuFen!));
      expect(value(r, 'paying_accounts')).toBeCloseTo(s.avgPayingAccounts!, 9);
      expect(value(r, 'tokens_consumed')).toBe(tokens);
      expect(value(r, 'revenue_per_mtok')).toBe(Math.round((s.revenueFen! * 1e6) / tokens));
      const seg = tableOf(r, 'arpu_by_segment').rows;
      expect(seg.map((x) => x.key).sort()).toEqual(bySegment.map((x) => x.key).sort());
      for (const b of bySegment) expect(seg.find((x) => x.key === b.key)!.arpuFen).toBe(Math.round(b.arpuFen));
      for (const row of tableOf(r, 'arpu_by_tier').rows) {
        const tierId = tiers.find((t) => t.name === row.key)!.tier_id;
        const t = (await q<Record<string, number>>(summarySql({ ...EMPTY_FILTERS, fromMs: p.fromMs, toMs: p.toMs, tierIds: [tierId] })))[0]!;
        expect(row.revenueFen).toBe(t.revenueFen);
        expect(row.arpuFen).toBe(Math.round(t.arpuFen!));
      }
      const kinds = tableOf(r, 'revenue_by_kind').rows.map((x) => x.revenueFen);
      expect(kinds).toEqual([s.subscriptionFen, s.packFen, s.paygFen, s.overageFen]);
      // Net adds and churn: the history rollup's own rows for the same days.
      const hist = revenueHistoryRows(revenue.snapshot!.rated, { fromMs: p.fromMs, toMs: p.toMs });
      const churned = hist.reduce((n, h) => n + h.churned_accounts, 0);
      expect(value(r, 'churned_accounts')).toBe(churned);
      expect(value(r, 'net_adds')).toBe(hist.reduce((n, h) => n + h.new_accounts, 0) - churned);
      expect(r.coverage).toEqual({ rawDays: Math.ceil((Math.min(p.toMs, NOW) - p.fromMs) / DAY), historyDays: 0, missingDays: 0 });
      expect(kpis(r).get('revenue_total')!.source).toBe('raw');
    }, 120_000);

    it(`experience KPIs and tables = NocService.assurance over the same window (${text})`, async () => {
      const p = parsePeriod(text);
      const r = await svc.report(DEF, p, DataScope.ALL);
      const n = await nocFigures(p, DataScope.ALL);
      expect(n.hours).toBeGreaterThan(0);
      // The fixture's faults put some classes below objective, so credits and revenue at risk are really compared.
      expect(n.credits).toBeGreaterThan(0);
      expect(n.atRisk).toBeGreaterThan(0);
      expect(n.met).toBeLessThan(n.hours);
      expect(value(r, 'sla_credits')).toBe(n.credits);
      expect(value(r, 'revenue_at_risk')).toBe(n.atRisk);
      expect(value(r, 'site_hours_met')).toBeCloseTo((100 * n.met) / n.hours, 9);
      const byClass = tableOf(r, 'site_hours_by_class').rows;
      expect(byClass.length).toBe(n.byClass.size);
      for (const [tierId, c] of n.byClass) {
        const row = byClass.find((x) => x.serviceClass === tiers.find((t) => t.tier_id === tierId)!.name)!;
        expect([row.siteHours, row.metHours]).toEqual([c.hours, c.met]);
      }
      const worst = [...n.byProvince.entries()].filter(([, x]) => x.hours > 0)
        .sort((a, b) => a[1].met / a[1].hours - b[1].met / b[1].hours || b[1].atRisk - a[1].atRisk || a[0].localeCompare(b[0])).slice(0, 5);
      expect(tableOf(r, 'worst_provinces').rows).toEqual(worst.map(([province, x]) => ({
        province, metPct: (100 * x.met) / x.hours, sitesBelow: x.below, creditsFen: x.credits, atRiskFen: x.atRisk,
      })));
    }, 120_000);
  }

  it('autonomy KPIs = the hand-made tickets of the ticket store', async () => {
    const r = await svc.report(DEF, parsePeriod('2026-10-19'), DataScope.ALL);
    // Opened on the 19th: t1 (caught, lead 30), t2 (caught, lead 12), t3 (not caught, lead 0), t4 (caught, lead 6).
    expect(value(r, 'caught_before_breach')).toBe(75);
    expect(value(r, 'median_lead_time')).toBe(9);
    // Closed on the 19th: t1 and t5 auto-healed, t2 by a person, t3 escalated.
    expect(value(r, 'auto_healed')).toBe(50);
    expect(value(r, 'mttr')).toBe((40 + 90 + 90) / 3);
    expect(value(r, 'escalations')).toBe(1);
    expect(tableOf(r, 'ticket_outcomes').rows.map((x) => x.tickets)).toEqual([2, 1, 1, 1]);
    // The ledger of the 19th's tickets (t1-t4 under latency / reroute): t1 true, t2 false, t3 and t4 unjudged.
    expect(value(r, 'revenue_protected')).toBe(3_000);
    expect(value(r, 'false_ticket_cost')).toBe(5_000);
    expect(tableOf(r, 'autonomy_ledger').rows).toEqual([{
      rule: 'latency', runbook: 'reroute', tickets: 4, trueTickets: 1, falseTickets: 1, revenueProtectedFen: 3_000, creditsAvoidedFen: 9_000, falseCostFen: 5_000,
    }]);
    // The 18th saw t5 open only.
    const d18 = await svc.report(DEF, parsePeriod('2026-10-18'), DataScope.ALL);
    expect([value(d18, 'caught_before_breach'), value(d18, 'escalations'), value(d18, 'auto_healed')]).toEqual([100, 0, null]);
  }, 120_000);

  it('a scoped report holds only the provinces and sites of the scope, with their figures', async () => {
    const province = sites[1]!.province;
    const scope = resolveDataScope({ regions: [], provinces: [province] }, sites);
    const p = parsePeriod('2026-10-19');
    const r = await svc.report(DEF, p, scope);
    const { s } = await explorer(p, [province]);
    expect(value(r, 'revenue_total')).toBe(s.revenueFen);
    expect(value(r, 'revenue_total')).toBe(revenue.total({ fromMs: p.fromMs, toMs: p.toMs }, scope)!.totalFen);
    const n = await nocFigures(p, scope);
    expect(value(r, 'sla_credits')).toBe(n.credits);
    expect(value(r, 'revenue_at_risk')).toBe(n.atRisk);
    expect(tableOf(r, 'worst_provinces').rows.map((x) => x.province)).toEqual([province]);
    expect(r.scope).toBe(province);
    // Only t3 (site B) is about a site of the scope.
    expect(value(r, 'escalations')).toBe(1);
    expect(value(r, 'caught_before_breach')).toBe(sites[0]!.province === province ? 75 : 0);
  }, 120_000);

  it('days before the raw data come from the history: a period across the boundary is mixed and adds both', async () => {
    const day17 = END - 4 * DAY;
    const row = (province: string, revenueFen: number) => ({
      day: day17, tier_id: tiers[0]!.tier_id, segment: 'family' as const, province, region: 'East', subscription_fen: revenueFen, pack_fen: 0, payg_fen: 0,
      overage_fen: 0, revenue_fen: revenueFen, paying_accounts: 10, accounts: 12, new_accounts: 2, churned_accounts: 1, tokens: 5_000_000,
    });
    const assuranceRows = [{
      day: day17, site_id: sites[0]!.site_id, province: sites[0]!.province, region: 'East', tier_id: tiers[0]!.tier_id, measured_minutes: 1440,
      latency_compliant_minutes: 1440, uplink_compliant_minutes: 1440, site_hours: 24, site_hours_met: 18, accounts: 3, monthly_fee_fen: 990, revenue_fen: 77,
    }];
    const history = {
      coverage: () => ({ fromMs: day17 - 30 * DAY, toMs: day17 + DAY }),
      revenue: async (r: { fromMs?: number; toMs?: number }) => (r.fromMs! <= day17 && day17 < r.toMs! ? [row(sites[0]!.province, 12_345), row('Nowhere', 55)] : []),
      assuranceTotals: async () => assuranceRows,
      tickets: async () => [],
    };
    const mixed = new ExecutiveService({
      facts: new FactReader(lake, null), rating: revenue, tickets: null, history, sites, now: () => NOW,
      definitions: new ReportDefinitionList([DEF]), targets: () => ({ version: 't1', source: 'test', byKpi: new Map() }),
    });
    const raw18 = await svc.report(DEF, parsePeriod('2026-10-18'), DataScope.ALL);
    const r = await mixed.report(DEF, parsePeriod('2026-10-17..2026-10-18'), DataScope.ALL);
    expect(r.coverage).toEqual({ rawDays: 1, historyDays: 1, missingDays: 0 });
    expect(kpis(r).get('revenue_total')!.source).toBe('mixed');
    expect(value(r, 'revenue_total')).toBe(value(raw18, 'revenue_total')! + 12_345 + 55);
    expect(value(r, 'tokens_consumed')).toBe(value(raw18, 'tokens_consumed')! + 10_000_000);
    expect(value(r, 'net_adds')).toBe(value(raw18, 'net_adds')! + 2);
    expect(value(r, 'sla_credits')).toBe(value(raw18, 'sla_credits')); // the history day met its objective
    expect(kpis(r).get('caught_before_breach')!.source).toBe('history');
    const only17 = await mixed.report(DEF, parsePeriod('2026-10-17'), resolveDataScope({ regions: [], provinces: [sites[0]!.province] }, sites));
    expect(value(only17, 'revenue_total')).toBe(12_345); // the scope drops the other province's row
    expect(value(only17, 'site_hours_met')).toBe(75);
    expect(kpis(only17).get('revenue_total')!.source).toBe('history');
  }, 120_000);

  it('a period without data is null everywhere (never 0); one reaching past the present is partial', async () => {
    const empty = await svc.report(DEF, parsePeriod('2025-03'), DataScope.ALL);
    for (const k of kpis(empty).values()) { expect(k.value).toBeNull(); expect(k.source).toBe('none'); expect(k.rag).toBe('none'); }
    expect(empty.coverage).toEqual({ rawDays: 0, historyDays: 0, missingDays: 31 });
    const running = await svc.report(DEF, parsePeriod('2026-W43'), DataScope.ALL);
    expect(running.dataAsOfMs).toBe(NOW);
    expect(running.coverage.rawDays).toBe(2); // W43 is 19-25 October; the data ends with the 20th
    expect(running.coverage.missingDays).toBe(5);
    expect(kpis(running).get('revenue_total')!.sparkline).toHaveLength(13);
    expect(running.narrative.length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
