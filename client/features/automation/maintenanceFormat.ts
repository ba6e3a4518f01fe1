// Pure parts of the maintenance views: the windows in force now (for the banner), a window's schedule, its coverage,
// and a form problem's message in the user's language.
import type { MaintenanceWindow, MaintenanceWindowView } from '../../../schema/maintenance.js';
import type { COMMON_MESSAGES } from '../../i18n/commonMessages.js';
import type { Formatters } from '../../i18n/formatters.js';
import type { Translate } from '../../i18n/messages.js';
import type { FormProblem } from './maintenanceForm.js';
import type { MaintenanceMessages } from './maintenanceMessages.js';

type T = Translate<MaintenanceMessages>;

/** One line per window in force now: its name, when it ends and how many alerts it holds. */
export function activeWindows(views: readonly MaintenanceWindowView[], heldByWindow: Readonly<Record<string, number>> | null): { windowId: string; name: string; endsMs: number; held: number | null }[] {
  // Held counts unknown (still loading): null, never 0.
  return views.flatMap((v) => (v.active ? [{ windowId: v.window.id, name: v.window.name, endsMs: v.active.endsMs, held: heldByWindow ? heldByWindow[v.window.id] ?? 0 : null }] : []));
}

/** "cron 0 2 * * SUN · 4h 0m · Asia/Shanghai" or "once · 45m 0s". */
export function describeSchedule(t: T, fmt: Formatters, w: Pick<MaintenanceWindow, 'cron' | 'durationMinutes' | 'timeZone'>): string {
  const duration = fmt.duration(w.durationMinutes * 60);
  return w.cron !== null ? t('scheduleCron', { cron: w.cron, duration, zone: w.timeZone }) : t('scheduleOnce', { duration });
}

export function describeCoverage(t: T, v: Pick<MaintenanceWindowView, 'coverage'>): string {
  return v.coverage.fleetWide ? t('everySite') : t('sites', { n: v.coverage.siteIds.length });
}

/** A problem found in the form, said in the user's language (a reversed range in the shared words). */
export function problemText(t: T, common: Translate<typeof COMMON_MESSAGES.en>, fmt: Formatters, p: FormProblem): string {
  if ('reversed' in p) return common('invalidRange', { from: fmt.dateTime(p.reversed.fromMs), to: fmt.dateTime(p.reversed.toMs) });
  const params: Record<string, string | number> = { ...p.params };
  if (typeof params.field === 'string' && params.field.startsWith('field.')) params.field = t(params.field as keyof MaintenanceMessages & string);
  if (typeof params.durationSec === 'number') params.duration = fmt.duration(params.durationSec);
  return t(p.key, params);
}
