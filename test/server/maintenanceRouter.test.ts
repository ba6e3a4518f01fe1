// Maintenance windows through the real root router (createCaller on a runtime with automation on): save with per-field
// problems, list with occurrences and covered sites, the alerts a window holds, enable / remove with audit entries,
// and a scoped NOC user's reach (windows pinned inside their scope only; fleet-wide ones visible but not theirs).
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaintenanceInput } from '../../schema/maintenance.js';
import { appRouter } from '../../server/trpc/appRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { feat, zRule } from '../automation/automationFixtures.js';
import { routerSuite } from './routerContext.js';

const createCaller = t.createCallerFactory(appRouter);
const HOUR = 3_600_000;

describe('maintenance router', () => {
  const suite = routerSuite(createCaller, { automation: true });
  let mine: string; let other: string;
  let mineSites: number[]; let otherSites: number[];
  const now = () => suite.rc.ctx.rt.clock.now();
  const scoped = () => createCaller(suite.rc.as(['noc'], { regions: [], provinces: [mine] }));
  const window = (o: Partial<MaintenanceInput>) => ({
    name: 'works', cron: null, durationMinutes: null, startsMs: now() - 60_000, endsMs: now() + 2 * HOUR, matchers: { province: mine }, ...o,
  });

  beforeAll(() => {
    const sites = suite.rc.ctx.rt.sites;
    mine = sites[0]!.province;
    other = sites.find((s) => s.province !== mine)!.province;
    mineSites = sites.filter((s) => s.province === mine).map((s) => s.site_id);
    otherSites = sites.filter((s) => s.province === other).map((s) => s.site_id);
  });

  it('answers invalid fields as problems and saves nothing', async () => {
    const r = await suite.caller.maintenance.save({ ...window({}), cron: '0 25 * * *', durationMinutes: 60, startsMs: null, endsMs: null, timeZone: 'Mars/Base' });
    expect(r).toEqual({ ok: false, problems: [
      { field: 'timeZone', message: expect.stringMatching(/unknown time zone/) },
      { field: 'cron', message: 'hour at column 3: 25 is outside 0-23' },
    ] });
    expect((await suite.caller.maintenance.list()).windows).toEqual([]);
    // Shapes are still checked at the edge.
    await expect(suite.caller.maintenance.save({ ...window({}), name: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lists a saved window with its occurrence now, the next ones and the sites it covers; audited', async () => {
    const once = await suite.caller.maintenance.save(window({ name: 'fibre works' }));
    expect(once.ok).toBe(true);
    const weekly = await suite.caller.maintenance.save(window({ name: 'weekly', cron: '0 2 * * SUN', durationMinutes: 240, startsMs: null, endsMs: null, matchers: { rule: 'latency_z' } }));
    const list = await suite.caller.maintenance.list();
    expect(list.nowMs).toBeGreaterThan(0);
    const byName = new Map(list.windows.map((w) => [w.window.name, w]));
    expect(byName.get('fibre works')).toMatchObject({
      active: { name: 'fibre works' }, upcoming: [], editable: true, coverage: { fleetWide: false, siteIds: mineSites },
    });
    expect(byName.get('weekly')).toMatchObject({ window: { timeZone: 'Asia/Shanghai' }, coverage: { fleetWide: true, siteIds: [] } });
    // Weekly: exactly one start within the next 7 days.
    expect(byName.get('weekly')!.upcoming).toHaveLength(1);
    const audit = await suite.rc.ctx.rt.identity.audit.list({ action: 'maintenance.saved' });
    expect(audit.map((e) => e.target)).toEqual(expect.arrayContaining([`maintenance ${once.ok && once.window.id}`, `maintenance ${weekly.ok && weekly.window.id}`]));
  });

  it('lists the alerts a window holds: by its labels (no ticket) or by the runbook it would run', async () => {
    const engine = suite.rc.ctx.rt.automation!.rules.engine;
    const rules = engine.rules;
    const heldRunbook = await suite.caller.maintenance.save(window({ name: 'no reboots', matchers: { province: other, runbook: 'restart_baseband' } }));
    engine.rules = [zRule('latency_z', { runbook: 'restart_baseband' })];
    try {
      const sites = suite.rc.ctx.rt.sites;
      const f = (id: number) => { const s = sites.find((x) => x.site_id === id)!; return feat({ site_id: id, province: s.province, region: s.region, latency_z: 9 }); };
      engine.tick([f(mineSites[0]!), f(otherSites[0]!)], now());
      const all = await suite.caller.maintenance.alerts();
      expect(all.total).toBe(2);
      if (heldRunbook.ok) expect(Object.values(all.byWindow).sort()).toEqual([1, 1]);
      expect(all.alerts.map((a) => [a.siteId, a.holds, a.windowName]).sort()).toEqual([
        [mineSites[0], 'alert', 'fibre works'], [otherSites[0], 'runbook', 'no reboots'],
      ].sort());
      // A scoped user sees the held alerts of their sites only.
      expect((await scoped().maintenance.alerts()).alerts.map((a) => a.siteId)).toEqual([mineSites[0]]);
    } finally {
      engine.rules = rules;
      engine.tick([], now());
      if (heldRunbook.ok) await suite.caller.maintenance.remove({ id: heldRunbook.window.id });
    }
  });

  it('a scoped user: sees windows inside their scope and fleet-wide ones, changes only those pinned inside', async () => {
    const theirs = await suite.caller.maintenance.save(window({ name: 'elsewhere', matchers: { province: other } }));
    if (!theirs.ok) throw new Error('save failed');
    const caller = scoped();
    const list = await caller.maintenance.list();
    const names = list.windows.map((w) => w.window.name).sort();
    expect(names).toEqual(['fibre works', 'weekly']);
    expect(list.windows.find((w) => w.window.name === 'weekly')).toMatchObject({ editable: false, coverage: { fleetWide: true } });
    expect(list.windows.find((w) => w.window.name === 'fibre works')).toMatchObject({ editable: true });

    await expect(caller.maintenance.save(window({ matchers: { province: other } }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller.maintenance.save(window({ matchers: { site_id: String(otherSites[0]) } }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.maintenance.save(window({ matchers: { rule: 'latency_z' } }))).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/must name a site_id/) });
    // Validation problems come first (an unknown key pins nothing).
    expect(await caller.maintenance.save(window({ matchers: { tech: '5G' } }))).toMatchObject({ ok: false, problems: [{ field: 'matchers.tech' }] });
    const ok = await caller.maintenance.save(window({ name: 'my site', matchers: { site_id: String(mineSites[0]), rule: 'latency_z' } }));
    expect(ok).toMatchObject({ ok: true, window: { createdBy: 'test-noc' } });

    const weekly = list.windows.find((w) => w.window.name === 'weekly')!.window.id;
    await expect(caller.maintenance.setEnabled({ id: weekly, enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.maintenance.remove({ id: theirs.window.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.maintenance.save(window({ id: theirs.window.id, matchers: { province: mine } }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    if (ok.ok) expect(await caller.maintenance.remove({ id: ok.window.id })).toBe(true);
  });

  it('enable and remove are audited; a disabled window is listed but not in force', async () => {
    const w = (await suite.caller.maintenance.list()).windows.find((x) => x.window.name === 'fibre works')!.window;
    expect(await suite.caller.maintenance.setEnabled({ id: w.id, enabled: false })).toMatchObject({ enabled: false });
    expect((await suite.caller.maintenance.list()).windows.find((x) => x.window.id === w.id)).toMatchObject({ active: null, upcoming: [] });
    expect(await suite.caller.maintenance.remove({ id: w.id })).toBe(true);
    await expect(suite.caller.maintenance.remove({ id: w.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await suite.rc.ctx.rt.identity.audit.list({ fromMs: 0 });
    expect(audit.filter((e) => e.target === `maintenance ${w.id}`).map((e) => e.action)).toEqual(['maintenance.removed', 'maintenance.enabled', 'maintenance.saved']);
  });
});

describe('maintenance router with automation off', () => {
  const suite = routerSuite(createCaller, { automation: false });
  it('is PRECONDITION_FAILED', async () => {
    await expect(suite.caller.maintenance.list()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});
