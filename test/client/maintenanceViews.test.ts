// The maintenance views' pure parts: times in the operator's zone and UTC, the "maintenance now" banner text, and the
// sites the NOC map rings (fleet-wide windows cover every site shown). Expected strings are written by hand.
import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow, MaintenanceWindowView } from '../../schema/maintenance.js';
import { bannerLines, describeSchedule, formatInZone, formatMinutes, formatOperatorAndUtc } from '../../client/features/automation/maintenanceFormat.js';
import { maintenanceBySite } from '../../client/features/noc/siteMapModel.js';

const at = (iso: string) => Date.parse(iso);
function view(id: string, o: Partial<MaintenanceWindow>, active: { endsMs: number } | null, coverage: MaintenanceWindowView['coverage']): MaintenanceWindowView {
  const window: MaintenanceWindow = {
    id, name: id, cron: '0 2 * * SUN', durationMinutes: 240, timeZone: 'Asia/Shanghai', matchers: { province: 'Guangdong' }, enabled: true,
    comment: '', createdBy: 'li.wei', createdAtMs: 0, updatedBy: 'li.wei', updatedAtMs: 0, startsMs: null, endsMs: null, ...o,
  };
  return { window, active: active && { windowId: id, name: id, startsMs: active.endsMs - 3_600_000, endsMs: active.endsMs }, upcoming: [], coverage, editable: true };
}

describe('maintenance formatting', () => {
  it('shows an instant in the operator zone and in UTC', () => {
    // Saturday 18:00Z is Sunday 02:00 in Shanghai.
    expect(formatInZone(at('2026-11-28T18:00:00Z'), 'Asia/Shanghai')).toBe('Sun 29 Nov 02:00');
    expect(formatOperatorAndUtc(at('2026-11-28T18:00:00Z'), 'Asia/Shanghai')).toBe('Sun 29 Nov 02:00 (your time) · Sat 28 Nov 18:00 UTC');
    expect(formatOperatorAndUtc(at('2026-11-28T18:00:00Z'), 'UTC')).toBe('Sat 28 Nov 18:00 UTC');
  });

  it('describes schedules and durations', () => {
    expect(formatMinutes(240)).toBe('4 h');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(2880)).toBe('2 d');
    expect(describeSchedule(view('w', {}, null, { fleetWide: true, siteIds: [] }).window)).toBe('0 2 * * SUN · 4 h · Asia/Shanghai');
    expect(describeSchedule(view('w', { cron: null, durationMinutes: 45 }, null, { fleetWide: true, siteIds: [] }).window)).toBe('once · 45 min');
  });

  it('the banner: one line per window in force with the alerts it holds', () => {
    const views = [
      view('BBU firmware', {}, { endsMs: at('2026-11-28T22:00:00Z') }, { fleetWide: false, siteIds: [1, 2] }),
      view('later', {}, null, { fleetWide: false, siteIds: [3] }),
      view('fibre', {}, { endsMs: at('2026-11-28T20:30:00Z') }, { fleetWide: false, siteIds: [3] }),
    ];
    expect(bannerLines(views, { 'BBU firmware': 3, fibre: 1 }, 'Asia/Shanghai').map((l) => l.text)).toEqual([
      'Maintenance now: BBU firmware until Sun 29 Nov 06:00 — 3 alerts held, no tickets opened',
      'Maintenance now: fibre until Sun 29 Nov 04:30 — 1 alert held, no tickets opened',
    ]);
    expect(bannerLines(views, {}, 'UTC')[0]!.text).toBe('Maintenance now: BBU firmware until Sat 28 Nov 22:00 UTC — 0 alerts held, no tickets opened');
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
