// The audit panel's filters as the `admin.audit` query input and as the CSV export link (the same filters, so both show the same rows).
import { AUTH_PATHS, type AuditAction } from '../../../schema/access.js';

/** Days are UTC calendar days (`YYYY-MM-DD`, as `<input type="date">` gives them); empty means open-ended. */
export interface AuditFilters { fromDay: string; toDay: string; actor: string; action: AuditAction | '' }

export const NO_AUDIT_FILTERS: AuditFilters = { fromDay: '', toDay: '', actor: '', action: '' };
export const AUDIT_PAGE_SIZE = 200;
const DAY_MS = 86_400_000;

export interface AuditQuery { fromMs?: number; toMs?: number; actor?: string; action?: AuditAction; beforeSeq?: number; limit: number }

function dayStartMs(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
}

/** The server reads `toMs` as exclusive, so the "to" day runs to the next day's midnight. */
export function auditQueryOf(f: AuditFilters, beforeSeq?: number, limit = AUDIT_PAGE_SIZE): AuditQuery {
  const q: AuditQuery = { limit };
  const fromMs = dayStartMs(f.fromDay);
  const toStart = dayStartMs(f.toDay);
  if (fromMs !== undefined) q.fromMs = fromMs;
  if (toStart !== undefined) q.toMs = toStart + DAY_MS;
  if (f.actor.trim()) q.actor = f.actor.trim();
  if (f.action) q.action = f.action;
  if (beforeSeq !== undefined) q.beforeSeq = beforeSeq;
  return q;
}

/** `GET /admin/audit.csv` with the same filters (no paging: the export holds every matching row). */
export function auditCsvHref(f: AuditFilters): string {
  const q = auditQueryOf(f);
  const p = new URLSearchParams();
  if (q.fromMs !== undefined) p.set('from', String(q.fromMs));
  if (q.toMs !== undefined) p.set('to', String(q.toMs));
  if (q.actor !== undefined) p.set('actor', q.actor);
  if (q.action !== undefined) p.set('action', q.action);
  const s = p.toString();
  return s ? `${AUTH_PATHS.auditCsv}?${s}` : AUTH_PATHS.auditCsv;
}
