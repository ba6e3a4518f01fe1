// Maintenance windows for stories, pinned to the seed-7 NOC fixture's sites and its window end as "now": occurrences come
// from the real cron evaluator, covered sites from the fixture's site list.
import type { MaintenanceList, MaintenanceWindow, MaintenanceWindowView } from '../../schema/maintenance.js';
import { activeOccurrence, occurrencesBetween, parseCron } from '../../domain/schedule/cronSchedule.js';
import { nocStoryData } from './nocStoryData.js';

/** 2026-01-15 00:00Z, a Thursday: 08:00 in Shanghai. */
export const maintenanceNowMs = nocStoryData.window.toMs;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function window(o: Partial<MaintenanceWindow> & Pick<MaintenanceWindow, 'id' | 'name' | 'matchers'>): MaintenanceWindow {
  return {
    cron: null, durationMinutes: 240, timeZone: 'Asia/Shanghai', enabled: true, comment: '', createdBy: 'li.wei',
    createdAtMs: maintenanceNowMs - 3 * DAY, updatedBy: 'li.wei', updatedAtMs: maintenanceNowMs - 3 * DAY, startsMs: null, endsMs: null, ...o,
  };
}

function view(w: MaintenanceWindow, editable = true): MaintenanceWindowView {
  const now = maintenanceNowMs;
  const pins = Object.entries(w.matchers).filter(([k]) => ['site_id', 'transport_node_id', 'province', 'region'].includes(k));
  const field = (s: (typeof nocStoryData.sites)[number], k: string) => String(k === 'site_id' ? s.siteId : k === 'transport_node_id' ? s.transportNodeId : k === 'province' ? s.province : s.region);
  const coverage = pins.length ? { fleetWide: false, siteIds: nocStoryData.sites.filter((s) => pins.every(([k, v]) => field(s, k) === v)).map((s) => s.siteId) } : { fleetWide: true, siteIds: [] };
  const occ = (startsMs: number) => ({ windowId: w.id, name: w.name, startsMs, endsMs: startsMs + w.durationMinutes * 60_000 });
  if (!w.enabled) return { window: w, active: null, upcoming: [], coverage, editable };
  if (w.cron === null) {
    const active = w.startsMs! <= now && now < w.endsMs! ? occ(w.startsMs!) : null;
    return { window: w, active, upcoming: w.startsMs! > now && w.startsMs! <= now + 7 * DAY ? [occ(w.startsMs!)] : [], coverage, editable };
  }
  const p = parseCron(w.cron);
  if (!p.ok) throw new Error(p.error.message);
  const cw = { schedule: p.schedule, timeZone: w.timeZone, durationMs: w.durationMinutes * 60_000 };
  const a = activeOccurrence(cw, now);
  return { window: w, active: a && occ(a.startsMs), upcoming: occurrencesBetween(p.schedule, w.timeZone, now + 1, now + 7 * DAY + 1, 10).map(occ), coverage, editable };
}

export const maintenanceStoryViews: MaintenanceWindowView[] = [
  // Thursdays 06:00-10:00 Shanghai: in force at 08:00.
  view(window({ id: 'mw-hubei', name: 'Hubei core upgrade', cron: '0 6 * * THU', matchers: { province: 'Hubei' }, comment: 'CR-2291, vendor on site' })),
  view(window({ id: 'mw-gd', name: 'Guangdong BBU firmware', cron: '0 2 * * SUN', matchers: { province: 'Guangdong', runbook: 'restart_baseband' } })),
  view(window({
    id: 'mw-fibre', name: 'Fibre splice, node 0', durationMinutes: 120, matchers: { transport_node_id: '0' },
    startsMs: maintenanceNowMs + 17 * HOUR, endsMs: maintenanceNowMs + 19 * HOUR,
  })),
  view(window({ id: 'mw-freeze', name: 'Change freeze: no early warnings', cron: '0 0 1 * *', durationMinutes: 1440, timeZone: 'Europe/Berlin', matchers: { rule: 'latency-early-warning' }, enabled: false, createdBy: 'admin' }), false),
];

export const maintenanceStoryList: MaintenanceList = { nowMs: maintenanceNowMs, horizonMs: 7 * DAY, windows: maintenanceStoryViews };
export const maintenanceStoryHeld: Record<string, number> = { 'mw-hubei': 3 };
