// The map's live figures per site: active users at the latest sample of the window's last minutes ("now", like the
// current p95), none for a site silent that long; open alarms with their worst severity as of the window's end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { USERS_NOW_MINUTES, siteLiveSql, type SiteLiveRow } from '../../client/features/noc/nocQueries.js';

const MIN = 60_000;
const END = Date.UTC(2026, 5, 1, 12);
let db: DuckDBInstance;
let conn: DuckDBConnection;

async function live(w: { fromMs: number; toMs: number }): Promise<Map<number, SiteLiveRow>> {
  const rows = (await conn.runAndReadAll(siteLiveSql(w))).getRowObjectsJS() as unknown as SiteLiveRow[];
  return new Map(rows.map((r) => [r.siteId, r]));
}

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run('CREATE TABLE site (site_id INTEGER)');
  await conn.run('INSERT INTO site VALUES (1), (2), (3)');
  await conn.run('CREATE TABLE kpi (ts TIMESTAMP_MS, site_id INTEGER, active_users INTEGER)');
  const at = (min: number) => `make_timestamp_ms(${END - min * MIN})`;
  // Site 1 reports every minute (users = minutes before the end); site 2 went silent 20 minutes ago; site 3 never reported.
  await conn.run(`INSERT INTO kpi SELECT make_timestamp_ms(${END} - m * ${MIN}), 1, m FROM range(1, 60) t(m)`);
  await conn.run(`INSERT INTO kpi VALUES (${at(20)}, 2, 77), (${at(40)}, 2, 55)`);
  await conn.run('CREATE TABLE alarm (ts TIMESTAMP_MS, alarm_id INTEGER, site_id INTEGER, severity VARCHAR, probable_cause VARCHAR, state VARCHAR)');
  await conn.run(`INSERT INTO alarm VALUES (${at(30)}, 1, 2, 'major', 'x', 'raised'), (${at(25)}, 2, 2, 'critical', 'y', 'raised'),
    (${at(10)}, 2, 2, 'critical', 'y', 'cleared'), (${at(5)}, 3, 1, 'minor', 'z', 'raised')`);
});

afterAll(() => { conn?.closeSync(); db?.closeSync(); });

describe('siteLiveSql', () => {
  it('users at the latest sample of the last minutes; a site silent longer shows none', async () => {
    const r = await live({ fromMs: END - 24 * 60 * MIN, toMs: END });
    expect(r.get(1)?.activeUsers).toBe(1);
    expect(r.get(2)?.activeUsers).toBe(0);
    expect(r.get(3)?.activeUsers).toBe(0);
    // A window ending earlier sees site 2's sample within its own last minutes.
    expect((await live({ fromMs: END - 60 * MIN, toMs: END - 19 * MIN })).get(2)?.activeUsers).toBe(77);
    expect(USERS_NOW_MINUTES).toBe(15);
  });

  it('open alarms as of the window end, with the worst severity still raised', async () => {
    const now = await live({ fromMs: END - 60 * MIN, toMs: END });
    expect([now.get(2)?.openAlarms, now.get(2)?.worstSeverity]).toEqual([1, 'major']);
    expect([now.get(1)?.openAlarms, now.get(1)?.worstSeverity]).toEqual([1, 'minor']);
    const before = await live({ fromMs: END - 60 * MIN, toMs: END - 15 * MIN });
    expect([before.get(2)?.openAlarms, before.get(2)?.worstSeverity]).toEqual([2, 'critical']);
    expect(before.get(1)?.openAlarms).toBe(0);
  });
});
