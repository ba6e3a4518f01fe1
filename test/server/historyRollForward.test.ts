// The history roll-forward writes each complete raw day's rollup once per day file: rerunning it (same or a new
// process) gives the same rows and never a duplicate, and the rows are the rollup of the live rating, facts and tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_AUTONOMY_DEFAULTS } from '../../schema/automation.js';
import type { Ticket } from '../../schema/automation.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { HistoryReader } from '../../pipelines/history/historyReader.js';
import { revenueHistoryRows } from '../../pipelines/history/rollupFromRaw.js';
import { RevenueService } from '../../server/revenue/revenueService.js';
import { HistoryRollForward } from '../../server/executive/historyRollForward.js';
import { tinyLake } from '../fixtures/lakeHelpers.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 2);
const START = END - 3 * DAY;
const silent = { info() {}, error() {} };
let lakeDir = '';
let lake: LakeReader;
let reader: HistoryReader;
let revenue: RevenueService;
let store: TicketStore;

const ticket = (openedAtMs: number, over: Partial<Ticket>): Omit<Ticket, 'ticketId'> => ({
  groupKey: `site_id=${openedAtMs}`, ruleId: 'latency-early-warning', severity: 'major', state: 'open', title: 't', siteIds: [2],
  transportNodeId: null, labels: {}, runbook: null, runbookRuleId: null, actionParams: null, openedAtMs, updatedAtMs: openedAtMs,
  actedAtMs: null, actionDone: false, verifySinceMs: null, closedAtMs: null, acknowledgedBy: null, predictedBreachAtMs: openedAtMs + 600_000,
  firstBreachAtMs: null, cooldownUntilMs: null, holdsGroup: true, ...TICKET_AUTONOMY_DEFAULTS, ...over,
});

beforeAll(async () => {
  lakeDir = (await tinyLake({ seed: 5, sites: 20, accounts: 600, days: 3, endMs: END })).dir;
  lake = await LakeReader.open(lakeDir);
  reader = await HistoryReader.open(lakeDir);
  revenue = new RevenueService(lake, () => END - 1, silent);
  await revenue.refresh();
  store = new TicketStore(await DuckDbDriver.open(':memory:'));
  await store.init();
  const t1 = START + DAY + 3_600_000;
  const opened = await store.open(ticket(t1, {}), { atMs: t1, kind: 'transition', fromState: null, toState: 'open', actor: 'rule:latency-early-warning', reason: 'r', data: null });
  if (!('ticket' in opened)) throw new Error('ticket not opened');
  await store.update({ ...opened.ticket, state: 'resolved', closedAtMs: t1 + 3_600_000, holdsGroup: false }, 'open',
    { atMs: t1 + 3_600_000, kind: 'transition', fromState: 'open', toState: 'resolved', actor: 'user:bob', reason: 'fixed', data: null });
  await store.open(ticket(START + 5 * 3_600_000, { siteIds: [4] }), { atMs: START, kind: 'transition', fromState: null, toState: 'open', actor: 'rule:x', reason: 'r', data: null });
});
afterAll(async () => { reader.close(); lake.close(); await store.close(); });

function rollForward(): HistoryRollForward {
  return new HistoryRollForward({
    lakeDir, rawStartMs: START, lakeEndMs: END, facts: new FactReader(lake, null), rating: () => revenue.snapshot,
    tickets: store, history: reader, log: silent,
  });
}

describe('HistoryRollForward', () => {
  it('rolls every complete raw day from the rating, the facts and the ticket store', async () => {
    const roll = rollForward();
    expect(await roll.tick()).toEqual({ revenueDays: 3, assuranceDays: 3, ticketDays: 3 });
    expect(reader.coverage()!.toMs).toBe(END);
    const rows = await reader.revenue({ fromMs: START, toMs: END });
    expect(rows).toEqual(revenueHistoryRows(revenue.snapshot!.rated, { fromMs: START, toMs: END }));
    const assurance = await reader.assurance({ fromMs: START, toMs: END });
    expect(new Set(assurance.map((r) => r.day))).toEqual(new Set([START, START + DAY, START + 2 * DAY]));
    const tickets = await reader.tickets({ fromMs: START, toMs: END });
    expect(tickets.map((t) => [t.opened_at, t.outcome, t.province.length > 0])).toEqual([
      [START + 5 * 3_600_000, 'open', true], [START + DAY + 3_600_000, 'resolved_by_person', true],
    ]);
    // Nothing new completed: the next run writes nothing.
    expect(await roll.tick()).toEqual({ revenueDays: 0, assuranceDays: 0, ticketDays: 0 });
    await roll.close();
  });

  it('is idempotent: a new process rewrites the days it revisits to the same rows, without duplicates', async () => {
    const before = await Promise.all([reader.revenue({ fromMs: START, toMs: END }), reader.assurance({ fromMs: START, toMs: END }), reader.tickets({ fromMs: START, toMs: END })]);
    const roll = rollForward();
    const again = await roll.tick();
    expect(again.revenueDays).toBeGreaterThan(0); // the current month is redone after a restart
    expect(again.assuranceDays).toBe(0);
    await reader.refresh();
    const after = await Promise.all([reader.revenue({ fromMs: START, toMs: END }), reader.assurance({ fromMs: START, toMs: END }), reader.tickets({ fromMs: START, toMs: END })]);
    expect(after).toEqual(before);
    await roll.close();
  });

  it('waits for a rating before writing revenue and assurance', async () => {
    const idle = new HistoryRollForward({
      lakeDir, rawStartMs: START, lakeEndMs: END, facts: new FactReader(lake, null), rating: () => null, tickets: null, history: reader, log: silent,
    });
    expect(await idle.tick()).toEqual({ revenueDays: 0, assuranceDays: 0, ticketDays: 0 });
    await idle.close();
  });
});
