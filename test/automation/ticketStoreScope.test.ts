// The ticket store's site filter (a user's data scope): whole site ids only (1 never matches 12 or 21), in list and counts,
// on DuckDB and, when a server is reachable, on PostgreSQL (the same portable SQL).
import { afterAll, describe, expect, it } from 'vitest';
import { TICKET_AUTONOMY_DEFAULTS } from '../../schema/automation.js';
import type { Ticket } from '../../schema/automation.js';
import { openPgDriver } from '../../pipelines/heal/pgDriver.js';
import { DuckDbDriver, type SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';

const PG_URL = process.env.OPSDECK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
let pg: SqlDriver | null = null;
try { pg = await openPgDriver(PG_URL, 1500); } catch { pg = null; }
const pgSchema = `opsdeck_scope_test_${process.pid}`;
afterAll(async () => { if (pg) { await pg.exec(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`); await pg.close(); } });

async function openStore(dialect: 'duckdb' | 'postgres'): Promise<{ store: TicketStore; close: () => Promise<void> }> {
  if (dialect === 'duckdb') {
    const db = await DuckDbDriver.open(':memory:');
    const store = new TicketStore(db);
    await store.init();
    return { store, close: () => db.close() };
  }
  await pg!.exec(`CREATE SCHEMA ${pgSchema}`);
  const db = await openPgDriver(`${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${pgSchema}`)}`);
  const store = new TicketStore(db);
  await store.init();
  return { store, close: () => db.close() };
}

describe.each([
  { dialect: 'duckdb' as const, skip: false },
  { dialect: 'postgres' as const, skip: pg === null },
])('ticket store site filter on $dialect', ({ dialect, skip }) => {
  it.skipIf(skip)('anySiteOf keeps tickets naming one of the sites as a whole id, in list and counts', async () => {
    const { store, close } = await openStore(dialect);
    try {
      const ids = new Map<string, number>();
      const open = async (key: string, siteIds: number[], state: Ticket['state']) => {
        const r = await store.open({
          groupKey: key, ruleId: 'r', severity: 'major', state, title: key, siteIds, transportNodeId: null, labels: {}, runbook: null,
          runbookRuleId: null, actionParams: null, openedAtMs: ids.size, updatedAtMs: 0, actedAtMs: null, actionDone: false, verifySinceMs: null,
          closedAtMs: null, acknowledgedBy: null, predictedBreachAtMs: null, firstBreachAtMs: null, cooldownUntilMs: null, holdsGroup: true, ...TICKET_AUTONOMY_DEFAULTS,
        }, { atMs: 0, kind: 'transition', fromState: null, toState: state, actor: 'test', reason: 'test', data: null });
        if ('ticket' in r) ids.set(key, r.ticket.ticketId);
      };
      await open('one', [1], 'open');
      await open('twelve', [12], 'open');
      await open('two-and-21', [2, 21], 'escalated');
      await open('21-and-1', [21, 1], 'resolved');
      await open('none', [], 'open');
      const keys = async (anySiteOf: number[]) => (await store.list({ anySiteOf })).map((t) => t.title).sort();
      expect(await keys([1])).toEqual(['21-and-1', 'one']);
      expect(await keys([2])).toEqual(['two-and-21']);
      expect(await keys([21, 12])).toEqual(['21-and-1', 'twelve', 'two-and-21']);
      expect(await keys([3])).toEqual([]);
      expect(await keys([])).toEqual([]);
      expect((await store.list({ anySiteOf: [1], states: ['open'] })).map((t) => t.title)).toEqual(['one']);
      expect((await store.list()).length).toBe(5);
      expect(await store.counts([1])).toEqual({ open: 1, acting: 0, verifying: 0, resolved: 1, escalated: 0 });
      expect(await store.counts([])).toEqual({ open: 0, acting: 0, verifying: 0, resolved: 0, escalated: 0 });
      expect(await store.counts()).toEqual({ open: 3, acting: 0, verifying: 0, resolved: 1, escalated: 1 });
    } finally {
      await close();
    }
  });
});
