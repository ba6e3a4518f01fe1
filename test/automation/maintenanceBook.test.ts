// Maintenance windows: validation problems naming the field, matching (labels, the runbook matcher, one-off and
// disabled windows, the one ending last), occurrences now and coming, covered sites and data scope reach, and the
// store's round trip on DuckDB and, when a server is reachable, on PostgreSQL (the same portable SQL).
// Times are worked out by hand: Asia/Shanghai is UTC+08:00 all year; 2026-11-28 is a Saturday.
import { afterAll, describe, expect, it } from 'vitest';
import type { MaintenanceInput, MaintenanceWindow } from '../../schema/maintenance.js';
import { openPgDriver } from '../../pipelines/heal/pgDriver.js';
import { MaintenanceStore } from '../../pipelines/heal/maintenanceStore.js';
import { DuckDbDriver, type SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { coveredSites, MaintenanceBook, maintenanceReach, type CoverageSite } from '../../server/automation/maintenanceBook.js';
import { DataScope } from '../../server/identity/dataScope.js';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
/** Saturday 12:00Z = 20:00 Shanghai. */
const NOW = at('2026-11-28T12:00:00Z');

const SITES: CoverageSite[] = [
  { site_id: 1, transport_node_id: 10, province: 'Guangdong', region: 'South' },
  { site_id: 2, transport_node_id: 10, province: 'Guangdong', region: 'South' },
  { site_id: 3, transport_node_id: 11, province: 'Guangdong', region: 'South' },
  { site_id: 12, transport_node_id: 20, province: 'Beijing', region: 'North' },
];
const labels = (siteId: number, rule = 'latency_z'): Record<string, string> => {
  const s = SITES.find((x) => x.site_id === siteId)!;
  return { site_id: String(siteId), site_name: `site ${siteId}`, transport_node_id: String(s.transport_node_id), region: s.region, province: s.province, tech: '5G', rule, severity: 'major' };
};

function input(o: Partial<MaintenanceInput>): MaintenanceInput {
  return {
    id: null, name: 'Sunday night works', cron: '0 2 * * SUN', durationMinutes: 240, timeZone: 'Asia/Shanghai',
    startsMs: null, endsMs: null, matchers: { province: 'Guangdong' }, enabled: true, comment: '', ...o,
  };
}

async function openBook(db?: SqlDriver): Promise<{ book: MaintenanceBook; db: SqlDriver; clock: { now: number } }> {
  const driver = db ?? await DuckDbDriver.open(':memory:');
  const clock = { now: NOW };
  const book = new MaintenanceBook(driver, () => clock.now, SITES);
  await book.reload();
  return { book, db: driver, clock };
}

async function saved(book: MaintenanceBook, o: Partial<MaintenanceInput>): Promise<MaintenanceWindow> {
  const r = await book.save(input(o), 'li.wei');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.window;
}

describe('maintenance window validation', () => {
  it('names the field of each problem', async () => {
    const { book, db } = await openBook();
    const problems = (o: Partial<MaintenanceInput>) => { const r = book.validate(input(o), NOW); return r.ok ? [] : r.problems; };
    expect(problems({})).toEqual([]);
    expect(problems({ cron: '0 24 * * *' })).toEqual([{ field: 'cron', message: 'hour at column 3: 24 is outside 0-23' }]);
    expect(problems({ cron: '0 0 30 2 *' })).toEqual([{ field: 'cron', message: expect.stringMatching(/never fire/) }]);
    expect(problems({ timeZone: 'Asia/Beijing' })).toEqual([{ field: 'timeZone', message: expect.stringMatching(/unknown time zone "Asia\/Beijing"/) }]);
    expect(problems({ durationMinutes: 0 })).toEqual([{ field: 'durationMinutes', message: expect.stringMatching(/between 1 minute and 7 days/) }]);
    expect(problems({ durationMinutes: 7 * 24 * 60 + 1 })).toMatchObject([{ field: 'durationMinutes' }]);
    expect(problems({ durationMinutes: 7 * 24 * 60 })).toEqual([]);
    expect(problems({ durationMinutes: null })).toMatchObject([{ field: 'durationMinutes' }]);
    expect(problems({ matchers: {} })).toEqual([{ field: 'matchers', message: expect.stringMatching(/at least one matcher/) }]);
    expect(problems({ matchers: { tech: '5G', province: ' ' } })).toEqual([
      { field: 'matchers.tech', message: expect.stringMatching(/unknown matcher/) },
      { field: 'matchers.province', message: 'the value is empty' },
    ]);
    expect(problems({ matchers: { site_id: 'abc' } })).toMatchObject([{ field: 'matchers.site_id' }]);
    expect(problems({ matchers: { runbook: 'reboot_everything' } })).toMatchObject([{ field: 'matchers.runbook', message: expect.stringMatching(/unknown runbook/) }]);
    // Both forms, neither, and a one-off that is backwards, too long or over.
    expect(problems({ startsMs: NOW, endsMs: NOW + MIN })).toMatchObject([{ field: 'cron', message: expect.stringMatching(/not both/) }]);
    expect(problems({ cron: null })).toMatchObject([{ field: 'cron' }]);
    expect(problems({ cron: null, startsMs: NOW })).toMatchObject([{ field: 'endsMs' }]);
    expect(problems({ cron: null, startsMs: NOW, endsMs: NOW })).toMatchObject([{ field: 'endsMs', message: expect.stringMatching(/after the start/) }]);
    expect(problems({ cron: null, startsMs: NOW, endsMs: NOW + 8 * 86_400_000 })).toMatchObject([{ field: 'endsMs' }]);
    expect(problems({ cron: null, startsMs: NOW - 120 * MIN, endsMs: NOW - MIN })).toMatchObject([{ field: 'endsMs', message: expect.stringMatching(/already be over/) }]);
    // A refused save changes nothing.
    expect(await book.save(input({ cron: 'nope' }), 'x')).toMatchObject({ ok: false, problems: [{ field: 'cron' }] });
    expect(book.list()).toEqual([]);
    await db.close();
  });

  it('normalises the zone name, trims values and refuses to update a window that does not exist', async () => {
    const { book, db } = await openBook();
    const w = await saved(book, { timeZone: 'asia/shanghai', matchers: { province: ' Guangdong ' } });
    expect(w).toMatchObject({ timeZone: 'Asia/Shanghai', matchers: { province: 'Guangdong' }, createdBy: 'li.wei', startsMs: null, endsMs: null });
    await expect(book.save(input({ id: 'mw-none' }), 'x')).rejects.toThrow(/no maintenance window mw-none/);
    await db.close();
  });
});

describe('which window holds an alert', () => {
  it('a recurring window in its zone: every matcher must hold, only while an occurrence is in force', async () => {
    const { book, db } = await openBook();
    const w = await saved(book, {});
    // Sunday 02:00-06:00 Shanghai = Saturday 18:00Z-22:00Z.
    const sunday3am = at('2026-11-28T19:00:00Z');
    expect(book.matching(labels(1), null, sunday3am)).toEqual({ id: w.id, name: w.name, endsMs: at('2026-11-28T22:00:00Z') });
    expect(book.matching(labels(12), null, sunday3am)).toBeNull();
    expect(book.matching(labels(1), null, at('2026-11-28T17:59:00Z'))).toBeNull();
    expect(book.matching(labels(1), null, at('2026-11-28T22:00:00Z'))).toBeNull();
    expect(book.matching(labels(1), 'restart_baseband', sunday3am)).not.toBeNull();
    expect(book.active(sunday3am)).toEqual([{ windowId: w.id, name: w.name, startsMs: at('2026-11-28T18:00:00Z'), endsMs: at('2026-11-28T22:00:00Z') }]);
    expect(book.active(NOW)).toEqual([]);
    await db.close();
  });

  it('a runbook matcher holds only that runbook (an alert with no runbook chosen yet is not held)', async () => {
    const { book, db } = await openBook();
    const w = await saved(book, { matchers: { rule: 'latency_z', runbook: 'restart_baseband' } });
    const t = at('2026-11-28T19:00:00Z');
    expect(book.matching(labels(12), null, t)).toBeNull();
    expect(book.matching(labels(12), 'reroute_ai_traffic', t)).toBeNull();
    expect(book.matching(labels(12), 'restart_baseband', t)).toMatchObject({ id: w.id });
    expect(book.matching(labels(12, 'other_rule'), 'restart_baseband', t)).toBeNull();
    await db.close();
  });

  it('a one-off window, a disabled window, and the one ending last when several hold', async () => {
    const { book, db } = await openBook();
    const once = await saved(book, { name: 'fibre splice', cron: null, durationMinutes: null, startsMs: NOW + 30 * MIN, endsMs: NOW + 90 * MIN, matchers: { transport_node_id: '10' } });
    expect(once).toMatchObject({ cron: null, durationMinutes: 60, startsMs: NOW + 30 * MIN, endsMs: NOW + 90 * MIN });
    expect(book.matching(labels(1), null, NOW + 29 * MIN)).toBeNull();
    expect(book.matching(labels(2), null, NOW + 30 * MIN)).toMatchObject({ id: once.id, endsMs: NOW + 90 * MIN });
    expect(book.matching(labels(3), null, NOW + 30 * MIN)).toBeNull();
    expect(book.matching(labels(2), null, NOW + 90 * MIN)).toBeNull();

    const longer = await saved(book, { name: 'whole node', cron: null, durationMinutes: null, startsMs: NOW, endsMs: NOW + 120 * MIN, matchers: { province: 'Guangdong' } });
    expect(book.matching(labels(2), null, NOW + 45 * MIN)).toMatchObject({ id: longer.id, endsMs: NOW + 120 * MIN });
    await book.setEnabled(longer.id, false, 'li.wei');
    expect(book.get(longer.id)).toMatchObject({ enabled: false, updatedBy: 'li.wei' });
    expect(book.matching(labels(2), null, NOW + 45 * MIN)).toMatchObject({ id: once.id });
    expect(book.active(NOW + 45 * MIN).map((o) => o.windowId)).toEqual([once.id]);
    await book.setEnabled(once.id, false, 'li.wei');
    expect(book.matching(labels(2), null, NOW + 45 * MIN)).toBeNull();
    expect(await book.remove(once.id)).toBe(true);
    expect(await book.remove(once.id)).toBe(false);
    await expect(book.setEnabled(once.id, true, 'x')).rejects.toThrow(/no maintenance window/);
    await db.close();
  });

  it('lists the next occurrences within the horizon, by start', async () => {
    const { book, db } = await openBook();
    const weekly = await saved(book, {});
    const daily = await saved(book, { name: 'nightly', cron: '30 1 * * *', durationMinutes: 30, timeZone: 'UTC', matchers: { rule: 'latency_z' } });
    const next = book.upcoming(NOW, 2 * 86_400_000);
    expect(next.map((o) => [o.windowId, new Date(o.startsMs).toISOString()])).toEqual([
      [weekly.id, '2026-11-28T18:00:00.000Z'], [daily.id, '2026-11-29T01:30:00.000Z'], [daily.id, '2026-11-30T01:30:00.000Z'],
    ]);
    expect(book.upcomingOf(daily, NOW, 7 * 86_400_000, 3)).toHaveLength(3);
    await db.close();
  });
});

describe('covered sites and data scope', () => {
  it('site matchers pick sites (all must hold); a window without any is fleet-wide', () => {
    expect(coveredSites({ province: 'Guangdong' }, SITES)).toEqual({ fleetWide: false, siteIds: [1, 2, 3] });
    expect(coveredSites({ province: 'Guangdong', transport_node_id: '10', rule: 'x' }, SITES)).toEqual({ fleetWide: false, siteIds: [1, 2] });
    expect(coveredSites({ site_id: '12', region: 'South' }, SITES)).toEqual({ fleetWide: false, siteIds: [] });
    expect(coveredSites({ rule: 'latency_z', runbook: 'restart_baseband' }, SITES)).toEqual({ fleetWide: true, siteIds: [] });
  });

  it('a scoped user reaches windows pinned inside their scope; transport nodes count when all their sites are inside', () => {
    const south = new DataScope({ regions: ['South'], provinces: [] }, new Set([1, 2, 3]), new Set(['Guangdong']));
    expect(maintenanceReach({ province: 'Guangdong' }, south, SITES)).toBe('inside');
    expect(maintenanceReach({ site_id: '12' }, south, SITES)).toBe('outside');
    expect(maintenanceReach({ transport_node_id: '10' }, south, SITES)).toBe('inside');
    expect(maintenanceReach({ transport_node_id: '20' }, south, SITES)).toBe('outside');
    expect(maintenanceReach({ transport_node_id: '99' }, south, SITES)).toBe('outside');
    expect(maintenanceReach({ rule: 'latency_z' }, south, SITES)).toBe('fleet');
    expect(maintenanceReach({ rule: 'latency_z' }, DataScope.ALL, SITES)).toBe('inside');
  });
});

const PG_URL = process.env.OPSDECK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
let pg: SqlDriver | null = null;
try { pg = await openPgDriver(PG_URL, 1500); } catch { pg = null; }
if (!pg) console.warn(`[maintenanceBook] PostgreSQL round trip skipped: not reachable at ${PG_URL}`);
const pgSchema = `opsdeck_maint_test_${process.pid}`;
afterAll(async () => { if (pg) { await pg.exec(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`); await pg.close(); } });

async function openDriver(dialect: 'duckdb' | 'postgres'): Promise<SqlDriver> {
  if (dialect === 'duckdb') return DuckDbDriver.open(':memory:');
  await pg!.exec(`CREATE SCHEMA ${pgSchema}`);
  return openPgDriver(`${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${pgSchema}`)}`);
}

describe.each([
  { dialect: 'duckdb' as const, skip: false },
  { dialect: 'postgres' as const, skip: pg === null },
])('maintenance store on $dialect', ({ dialect, skip }) => {
  it.skipIf(skip)('windows come back from a fresh book field for field (recurring and one-off, enabled and not)', async () => {
    const db = await openDriver(dialect);
    try {
      const { book, clock } = await openBook(db);
      const a = await saved(book, { comment: 'quarterly BBU firmware', matchers: { province: 'Guangdong', runbook: 'restart_baseband' } });
      // Listed by creation time.
      clock.now += 1000;
      const b = await saved(book, { name: 'splice', cron: null, durationMinutes: null, startsMs: NOW + MIN, endsMs: NOW + 61 * MIN, matchers: { site_id: '12' }, enabled: false });
      const again = new MaintenanceBook(db, () => NOW, SITES);
      await again.reload();
      expect(again.list()).toEqual([a, b]);
      // Replacing keeps the creator and the creation time.
      const r = await book.save(input({ id: a.id, name: 'renamed', durationMinutes: 60 }), 'zhang.min');
      expect(r).toMatchObject({ ok: true, window: { id: a.id, name: 'renamed', durationMinutes: 60, createdBy: 'li.wei', createdAtMs: a.createdAtMs, updatedBy: 'zhang.min' } });
      expect(await new MaintenanceStore(db).get(a.id)).toMatchObject({ name: 'renamed', durationMinutes: 60 });
      expect((await new MaintenanceStore(db).list()).length).toBe(2);
    } finally {
      await db.close();
    }
  });
});
