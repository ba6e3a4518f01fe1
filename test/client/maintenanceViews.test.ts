// The maintenance views' pure parts: windows in force for the banner (held counts unknown are not 0), schedules in the
// user's language, the form's checks (cron like the server's parser, duration, zone, matchers, a one-off window that
// ends before it starts refused), wall-clock times in the operator's zone, and the sites the NOC map rings.
// Expected strings are written by hand.
import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow, MaintenanceWindowView } from '../../schema/maintenance.js';
import { COMMON_MESSAGES } from '../../client/i18n/commonMessages.js';
import { createFormatters } from '../../client/i18n/formatters.js';
import { translator } from '../../client/i18n/messages.js';
import { checkCron, checkDraft, msToWallClock, NEW_DRAFT, wallClockToMs, type Draft } from '../../client/features/automation/maintenanceForm.js';
import { activeWindows, describeSchedule, problemText } from '../../client/features/automation/maintenanceFormat.js';
import { MAINTENANCE_MESSAGES } from '../../client/features/automation/maintenanceMessages.js';
import { maintenanceBySite } from '../../client/features/noc/siteMapModel.js';

const at = (iso: string) => Date.parse(iso);
const en = translator(MAINTENANCE_MESSAGES, 'en');
const zh = translator(MAINTENANCE_MESSAGES, 'zh-CN');
const common = translator(COMMON_MESSAGES, 'en');
const fEn = createFormatters('en', 'Asia/Shanghai');
const fZh = createFormatters('zh-CN', 'Asia/Shanghai');

function view(id: string, o: Partial<MaintenanceWindow>, active: { endsMs: number } | null, coverage: MaintenanceWindowView['coverage']): MaintenanceWindowView {
  const window: MaintenanceWindow = {
    id, name: id, cron: '0 2 * * SUN', durationMinutes: 240, timeZone: 'Asia/Shanghai', matchers: { province: 'Guangdong' }, enabled: true,
    comment: '', createdBy: 'li.wei', createdAtMs: 0, updatedBy: 'li.wei', updatedAtMs: 0, startsMs: null, endsMs: null, ...o,
  };
  return { window, active: active && { windowId: id, name: id, startsMs: active.endsMs - 3_600_000, endsMs: active.endsMs }, upcoming: [], coverage, editable: true };
}

describe('maintenance formatting', () => {
  it('describes schedules with durations in the user’s language', () => {
    expect(describeSchedule(en, fEn, { cron: '0 2 * * SUN', durationMinutes: 240, timeZone: 'Asia/Shanghai' })).toBe('cron 0 2 * * SUN · 4h 0m · Asia/Shanghai');
    expect(describeSchedule(zh, fZh, { cron: null, durationMinutes: 45, timeZone: 'Asia/Shanghai' })).toBe('单次 · 45分0秒');
  });

  it('the banner: one line per window in force, held alerts unknown until counted (never 0)', () => {
    const views = [
      view('BBU firmware', {}, { endsMs: at('2026-11-28T22:00:00Z') }, { fleetWide: false, siteIds: [1, 2] }),
      view('later', {}, null, { fleetWide: false, siteIds: [3] }),
      view('fibre', {}, { endsMs: at('2026-11-28T20:30:00Z') }, { fleetWide: false, siteIds: [3] }),
    ];
    expect(activeWindows(views, { 'BBU firmware': 3 })).toEqual([
      { windowId: 'BBU firmware', name: 'BBU firmware', endsMs: at('2026-11-28T22:00:00Z'), held: 3 },
      { windowId: 'fibre', name: 'fibre', endsMs: at('2026-11-28T20:30:00Z'), held: 0 },
    ]);
    expect(activeWindows(views, null).map((l) => l.held)).toEqual([null, null]);
  });
});

describe('cron check (same grammar as the server)', () => {
  it('accepts what the server parser accepts', () => {
    for (const ok of ['0 2 * * SUN', '*/15 8-18/2 1,15 JAN-MAR mon-fri', '5/20 * * * 7', '@weekly', '@Daily', '0 2 13 * FRI']) expect(checkCron(ok)).toBeNull();
  });
  it('names the field and the problem', () => {
    const msg = (cron: string) => { const p = checkCron(cron); return p ? problemText(en, common, fEn, p) : null; };
    expect(msg('0 25 * * SAT')).toBe('hour: 25 is outside 0-23.');
    expect(msg('0 2 * * FUNDAY')).toBe('day of week: “FUNDAY” is not a number or a name (SUN-SAT).');
    expect(msg('0 2 * *')).toBe('A cron has 5 fields (minute hour day-of-month month day-of-week) or is one of @yearly @annually @monthly @weekly @daily @midnight @hourly; this has 4.');
    expect(msg('*/0 * * * *')).toBe('minute: the step in “*/0” must be a whole number of at least 1.');
    expect(msg('0 20-8 * * *')).toBe('hour: the range 20-8 runs backwards.');
    expect(msg('@often')).toBe('Unknown macro “@often”: use one of @yearly @annually @monthly @weekly @daily @midnight @hourly.');
    expect(msg('')).toBe('Write the cron schedule.');
    const p = checkCron('0 25 * * SAT');
    expect(p && problemText(zh, translator(COMMON_MESSAGES, 'zh-CN'), fZh, p)).toBe('时：25 超出 0-23。');
  });
});

describe('wall clock in the operator zone', () => {
  it('reads a datetime-local value in the zone and writes it back', () => {
    expect(wallClockToMs('2026-11-29T02:00', 'Asia/Shanghai')).toBe(at('2026-11-28T18:00:00Z'));
    expect(msToWallClock(at('2026-11-28T18:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-29T02:00');
    // Berlin in summer (UTC+2) and winter (UTC+1).
    expect(wallClockToMs('2026-07-01T12:00', 'Europe/Berlin')).toBe(at('2026-07-01T10:00:00Z'));
    expect(wallClockToMs('2026-12-01T12:00', 'Europe/Berlin')).toBe(at('2026-12-01T11:00:00Z'));
    expect(wallClockToMs('2026-02-30T12:00', 'UTC')).toBeNull();
    expect(wallClockToMs('soon', 'UTC')).toBeNull();
  });
});

describe('the window form', () => {
  const good: Draft = { ...NEW_DRAFT, name: 'Guangdong BBU firmware', matchers: { ...NEW_DRAFT.matchers, province: 'Guangdong' } };

  it('sends a valid recurring window as the server expects it', () => {
    const r = checkDraft(good, 'Asia/Shanghai', true);
    expect(r.problems).toEqual([]);
    expect(r.input).toMatchObject({ id: null, name: 'Guangdong BBU firmware', cron: '0 2 * * SUN', durationMinutes: 240, timeZone: 'Asia/Shanghai', startsMs: null, endsMs: null, matchers: { province: 'Guangdong' }, enabled: true });
  });

  it('refuses a one-off window that ends before it starts, saying both times', () => {
    const d: Draft = { ...good, kind: 'once', startsLocal: '2026-11-29T06:00', endsLocal: '2026-11-29T02:00' };
    const r = checkDraft(d, 'Asia/Shanghai', true);
    expect(r.problems.map((p) => [p.field, problemText(en, common, fEn, p)])).toEqual([
      ['endsMs', 'The start (2026-11-29 06:00) is after the end (2026-11-29 02:00): choose an end on or after the start.'],
    ]);
    const ok = checkDraft({ ...d, endsLocal: '2026-11-29T08:30' }, 'Asia/Shanghai', true);
    expect(ok.problems).toEqual([]);
    expect(ok.input).toMatchObject({ cron: null, durationMinutes: null, startsMs: at('2026-11-28T22:00:00Z'), endsMs: at('2026-11-29T00:30:00Z') });
  });

  it('lists every other problem with its field', () => {
    const d: Draft = { ...NEW_DRAFT, name: ' ', cron: '0 2 * *', durationMinutes: '20000', timeZone: 'Asia/Beijing', matchers: { ...NEW_DRAFT.matchers, site_id: 'four' } };
    expect(checkDraft(d, 'UTC', true).problems.map((p) => [p.field, problemText(en, common, fEn, p)])).toEqual([
      ['name', 'Give the window a name.'],
      ['cron', 'A cron has 5 fields (minute hour day-of-month month day-of-week) or is one of @yearly @annually @monthly @weekly @daily @midnight @hourly; this has 4.'],
      ['durationMinutes', 'Duration is a whole number of minutes from 1 to 10080 (7 days).'],
      ['timeZone', 'Unknown time zone “Asia/Beijing”: use an IANA name such as Asia/Shanghai.'],
      ['matchers.site_id', 'A whole number, 0 or more.'],
    ]);
    expect(checkDraft({ ...good, matchers: NEW_DRAFT.matchers }, 'UTC', true).problems.map((p) => p.field)).toEqual(['matchers']);
    const long = checkDraft({ ...good, kind: 'once', startsLocal: '2026-11-01T00:00', endsLocal: '2026-11-09T00:00' }, 'UTC', true);
    expect(long.problems.map((p) => problemText(en, common, fEn, p))).toEqual(['A one-off window lasts at most 7 days (192h 0m chosen).']);
  });
});

describe('sites ringed on the NOC map', () => {
  it('covers the listed sites of windows in force; fleet-wide ones every site shown, naming their rule', () => {
    const ends = at('2026-11-28T22:00:00Z');
    const marks = maintenanceBySite([
      view('node 10', { matchers: { transport_node_id: '10' } }, { endsMs: ends }, { fleetWide: false, siteIds: [1, 2, 99] }),
      view('not now', {}, null, { fleetWide: false, siteIds: [3] }),
      view('no reboots', { matchers: { rule: 'latency_z', runbook: 'restart_baseband' } }, { endsMs: ends }, { fleetWide: true, siteIds: [] }),
    ], [1, 2, 3]);
    expect([...marks.keys()].sort()).toEqual([1, 2, 3]);
    expect(marks.get(1)).toEqual([{ name: 'node 10', endsMs: ends, only: null }, { name: 'no reboots', endsMs: ends, only: 'rule latency_z, runbook restart_baseband' }]);
    expect(marks.get(3)).toEqual([{ name: 'no reboots', endsMs: ends, only: 'rule latency_z, runbook restart_baseband' }]);
    expect(maintenanceBySite([], [1, 2]).size).toBe(0);
  });
});
