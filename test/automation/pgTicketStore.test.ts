// The same ticket store on PostgreSQL (production path): skipped, with the reason printed, when no server is reachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDriver } from '../../pipelines/heal/pgDriver.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { HealLoop } from '../../pipelines/heal/healLoop.js';
import { RecordingController } from '../../pipelines/heal/networkController.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import { feat, MIN, T0, zRule } from './automationFixtures.js';

const URL = process.env.OPSDECK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
let db: SqlDriver | null = null;
let skipReason = '';
try { db = await openPgDriver(URL, 1500); } catch (e) { skipReason = (e as Error).message; }
if (!db) console.warn(`[pgTicketStore] skipped: PostgreSQL not reachable at ${URL} (${skipReason})`);

describe.skipIf(!db)('ticket store on PostgreSQL', () => {
  // A private schema per run, set as search_path on every pooled connection, so nothing touches shared tables.
  const schema = `opsdeck_test_${process.pid}`;
  let scoped: SqlDriver;
  beforeAll(async () => {
    await db!.exec(`CREATE SCHEMA ${schema}`);
    scoped = await openPgDriver(`${URL}${URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  });
  afterAll(async () => {
    await scoped?.close();
    await db!.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db!.close();
  });

  it('runs the same schema and lifecycle, one ticket per group', async () => {
    const store = new TicketStore(scoped);
    await store.init();
    const where = await db!.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${schema}'`);
    expect(Number(where[0]!.n)).toBe(5);
    const rule = zRule('watch');
    const heal = new HealLoop({ store, controller: new RecordingController(), rules: () => new Map([[rule.id, rule]]) });
    await heal.init(T0);
    const engine = new RuleEngine([rule]);
    for (let m = 0; m < 3; m++) {
      const f = [feat({ site_id: 1, latency_z: m < 2 ? 9 : 0 })];
      engine.tick(f, T0 + m * MIN);
      await heal.onTick(T0 + m * MIN, engine.alerts, new Map([[1, f[0]!]]));
    }
    const list = await store.list();
    expect(list.map((t) => [t.groupKey, t.state])).toEqual([['site_id=1', 'resolved']]);
    const d = await store.detail(list[0]!.ticketId);
    expect(d!.events.map((e) => e.toState)).toEqual(['open', 'resolved']);
  });
});
