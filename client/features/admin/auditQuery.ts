// The audit panel's filters as the `admin.audit` query input and as the CSV export link (the same filters, so both show the
// same rows). Days are calendar days in the operator's time zone (UTC unless given), the zone the table's times are shown in.
import { AUTH_PATHS, type AuditAction } from '../../../schema/access.js';

/** Days are `YYYY-MM-DD` (as `<input type="date">` gives them); empty means open-ended. */
export interface AuditFilters { fromDay: string; toDay: string; actor: string; action: AuditAction | '' }

export const NO_AUDIT_FILTERS: AuditFilters = { fromDay: '', toDay: '', actor: '', action: '' };
export const AUDIT_PAGE_SIZE = 200;

export interface AuditQuery { fromMs?: number; toMs?: number; actor?: string; action?: AuditAction; beforeSeq?: number; limit: number }

const partsFormat = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone is ahead of UTC at the instant `ms`. */
function zoneOffsetMs(ms: number, timeZone: string): number {
  let f = partsFormat.get(timeZone);
  if (!f) partsFormat.set(timeZone, f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }));
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(ms)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour === 24 ? 0 : p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Midnight starting `day` in `timeZone`, as epoch ms; undefined for anything that is not a day. */
export function dayStartMs(day: string, timeZone = 'UTC'): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Twice: the offset at the first guess may differ from the offset at midnight (a DST change that day).
  let ms = wall - zoneOffsetMs(wall, timeZone);
  ms = wall - zoneOffsetMs(ms, timeZone);
  return ms;
}

/** The day after `day` ('2030-01-31' -> '2030-02-01'). */
function nextDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A "to" day before the "from" day: the filter is refused with a message, never sent. */
export function isReversed(f: Pick<AuditFilters, 'fromDay' | 'toDay'>): boolean {
  return f.fromDay !== '' && f.toDay !== '' && f.toDay < f.fromDay;
}

/** The server reads `toMs` as exclusive, so the "to" day runs to the next day's midnight. */
export function auditQueryOf(f: AuditFilters, beforeSeq?: number, limit = AUDIT_PAGE_SIZE, timeZone = 'UTC'): AuditQuery {
  const q: AuditQuery = { limit };
  const fromMs = dayStartMs(f.fromDay, timeZone);
  const toMs = /^\d{4}-\d{2}-\d{2}$/.test(f.toDay) ? dayStartMs(nextDay(f.toDay), timeZone) : undefined;
  if (fromMs !== undefined) q.fromMs = fromMs;
  if (toMs !== undefined) q.toMs = toMs;
  if (f.actor.trim()) q.actor = f.actor.trim();
  if (f.action) q.action = f.action;
  if (beforeSeq !== undefined) q.beforeSeq = beforeSeq;
  return q;
}

/** `GET /admin/audit.csv` with the same filters (no paging: the export holds every matching row). */
export function auditCsvHref(f: AuditFilters, timeZone = 'UTC'): string {
  const q = auditQueryOf(f, undefined, AUDIT_PAGE_SIZE, timeZone);
  const p = new URLSearchParams();
  if (q.fromMs !== undefined) p.set('from', String(q.fromMs));
  if (q.toMs !== undefined) p.set('to', String(q.toMs));
  if (q.actor !== undefined) p.set('actor', q.actor);
  if (q.action !== undefined) p.set('action', q.action);
  const s = p.toString();
  return s ? `${AUTH_PATHS.auditCsv}?${s}` : AUTH_PATHS.auditCsv;
}
