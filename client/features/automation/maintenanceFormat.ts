// Pure formatting of maintenance windows for the views: times in a zone, the schedule, matchers, the "now" banner.
import type { MaintenanceWindow, MaintenanceWindowView } from '../../../schema/maintenance.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Sun 29 Nov 02:00" as a wall clock in `timeZone` (the operator's, the window's or 'UTC'). */
export function formatInZone(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f.format(ms).replace(',', '');
}

/** The browser's zone: what "your time" means. */
export function operatorTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "02:00 Sun 29 Nov (your time) · 18:00Z Sat 28 Nov" — the operator's wall clock first, then UTC. */
export function formatOperatorAndUtc(ms: number, operatorZone: string): string {
  const utc = formatInZone(ms, 'UTC');
  return operatorZone === 'UTC' ? `${utc} UTC` : `${formatInZone(ms, operatorZone)} (your time) · ${utc} UTC`;
}

export function formatMinutes(min: number): string {
  if (min % 1440 === 0) return `${min / 1440} d`;
  if (min >= 60) return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min / 60} h`;
  return `${min} min`;
}

/** "cron 0 2 * * SUN for 4 h (Asia/Shanghai)" or "once, for 1 h". */
export function describeSchedule(w: MaintenanceWindow): string {
  return w.cron !== null ? `${w.cron} · ${formatMinutes(w.durationMinutes)} · ${w.timeZone}` : `once · ${formatMinutes(w.durationMinutes)}`;
}

/** "province=Guangdong, runbook=restart_baseband". */
export function describeMatchers(m: Readonly<Record<string, string>>): string {
  return Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ');
}

export function describeCoverage(v: MaintenanceWindowView): string {
  if (v.coverage.fleetWide) return 'every site';
  const n = v.coverage.siteIds.length;
  return n === 1 ? '1 site' : `${n} sites`;
}

/** One line per window in force: "Maintenance now: <name> until <time> — N alerts held, no tickets opened". */
export function bannerLines(views: readonly MaintenanceWindowView[], heldByWindow: Readonly<Record<string, number>>, operatorZone: string): { windowId: string; text: string }[] {
  return views.filter((v) => v.active).map((v) => {
    const n = heldByWindow[v.window.id] ?? 0;
    return {
      windowId: v.window.id,
      text: `Maintenance now: ${v.window.name} until ${formatInZone(v.active!.endsMs, operatorZone)}${operatorZone === 'UTC' ? ' UTC' : ''} — ${n} alert${n === 1 ? '' : 's'} held, no tickets opened`,
    };
  });
}
