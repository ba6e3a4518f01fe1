// The maintenance window form's pure side: the draft, its checks before anything is sent (name, cron, duration, zone,
// a one-off window's start before its end, matchers), and wall-clock times read in the operator's zone. The server
// checks again and answers with its own per-field problems.
import {
  DEFAULT_MAINTENANCE_TIME_ZONE, MAINTENANCE_LIMITS, MAINTENANCE_MATCHER_KEYS,
  type MaintenanceInput, type MaintenanceWindow,
} from '../../../schema/maintenance.js';
import { parseCron, type CronProblemCode } from '../../../domain/schedule/cronSchedule.js';
import type { MessageParams } from '../../i18n/messages.js';
import { isTimeZone } from '../../i18n/timeZone.js';
import type { MaintenanceMessages } from './maintenanceMessages.js';

export type MatcherKey = (typeof MAINTENANCE_MATCHER_KEYS)[number];

export interface Draft {
  id: string | null;
  name: string;
  kind: 'recurring' | 'once';
  cron: string;
  durationMinutes: string;
  timeZone: string;
  /** datetime-local values ("2026-11-30T02:00"), read in the operator's zone. */
  startsLocal: string;
  endsLocal: string;
  matchers: Record<MatcherKey, string>;
  comment: string;
}

const NO_MATCHERS = Object.fromEntries(MAINTENANCE_MATCHER_KEYS.map((k) => [k, ''])) as Record<MatcherKey, string>;
export const NEW_DRAFT: Draft = {
  id: null, name: '', kind: 'recurring', cron: '0 2 * * SUN', durationMinutes: '240', timeZone: DEFAULT_MAINTENANCE_TIME_ZONE,
  startsLocal: '', endsLocal: '', matchers: NO_MATCHERS, comment: '',
};

/** The server's limits on the texts. */
export const NAME_MAX_CHARS = 120;
export const COMMENT_MAX_CHARS = 500;

/** A problem found before saving: the field it belongs to (as the server names fields) and its message. */
export interface DraftProblem { field: string; key: keyof MaintenanceMessages & string; params?: MessageParams }
/** A reversed range is said in the shared words (COMMON_MESSAGES.invalidRange), with both instants. */
export interface ReversedRange { field: 'endsMs'; reversed: { fromMs: number; toMs: number } }
export type FormProblem = DraftProblem | ReversedRange;

// ---- Time zones: a wall clock in a zone <-> an instant (Intl only). ----

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function wallParts(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  let f = partsFormatters.get(timeZone);
  if (!f) partsFormatters.set(timeZone, f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(ms)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute! };
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallParts(ms, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(ms / 60_000) * 60_000;
}

/** "2026-11-30T02:00" on the wall clock of `timeZone` -> the instant; null for text that is not such a time. */
export function wallClockToMs(local: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (!Number.isFinite(asUtc) || new Date(asUtc).getUTCMonth() !== mo - 1) return null;
  // Two passes: the offset at the guess may differ from the one at the answer across a daylight-saving change.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** The datetime-local value showing an instant on the wall clock of `timeZone`. */
export function msToWallClock(ms: number, timeZone: string): string {
  const w = wallParts(ms, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.mo)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`;
}

// ---- Cron: the server's own parser (domain/schedule/cronSchedule.ts), its problems said in the form's language. ----

const CRON_PROBLEM_KEYS = {
  fields: 'problem.cronFields', macro: 'problem.cronMacro', value: 'problem.cronValue', name: 'problem.cronName',
  range: 'problem.cronRange', step: 'problem.cronStep', backwards: 'problem.cronBackwards', item: 'problem.cronItem',
} as const satisfies Record<CronProblemCode, DraftProblem['key']>;

/** The first problem of a cron expression, or null when the server will accept it. */
export function checkCron(expr: string): DraftProblem | null {
  if (expr.trim() === '') return { field: 'cron', key: 'problem.cronRequired' };
  const parsed = parseCron(expr);
  if (parsed.ok) return null;
  const { field, code, params } = parsed.error;
  return { field: 'cron', key: CRON_PROBLEM_KEYS[code], params: field ? { field: `field.${field}`, ...params } : params };
}

// ---- The whole draft. ----

const WHOLE = /^\d{1,9}$/;

/**
 * Every problem of a draft (empty: it can be sent), and the request it makes. One-off times are read in
 * `operatorZone`; a window that ends before it starts is refused, never sent.
 */
export function checkDraft(d: Draft, operatorZone: string, enabled: boolean): { input: MaintenanceInput; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const name = d.name.trim();
  if (name === '') problems.push({ field: 'name', key: 'problem.nameRequired' });
  else if (name.length > NAME_MAX_CHARS) problems.push({ field: 'name', key: 'problem.tooLong', params: { max: NAME_MAX_CHARS, n: name.length } });
  const recurring = d.kind === 'recurring';
  const { minDurationMinutes: min, maxDurationMinutes: max } = MAINTENANCE_LIMITS;
  let durationMinutes: number | null = null;
  let startsMs: number | null = null;
  let endsMs: number | null = null;
  if (recurring) {
    const cron = checkCron(d.cron);
    if (cron) problems.push(cron);
    const minutes = Number(d.durationMinutes.trim());
    if (!WHOLE.test(d.durationMinutes.trim()) || minutes < min || minutes > max) problems.push({ field: 'durationMinutes', key: 'problem.duration', params: { min, max } });
    else durationMinutes = minutes;
    if (!isTimeZone(d.timeZone.trim())) problems.push({ field: 'timeZone', key: 'problem.zone', params: { zone: d.timeZone.trim() } });
  } else {
    startsMs = d.startsLocal ? wallClockToMs(d.startsLocal, operatorZone) : null;
    endsMs = d.endsLocal ? wallClockToMs(d.endsLocal, operatorZone) : null;
    if (startsMs === null) problems.push({ field: 'startsMs', key: 'problem.startsRequired' });
    if (endsMs === null) problems.push({ field: 'endsMs', key: 'problem.endsRequired' });
    if (startsMs !== null && endsMs !== null) {
      if (endsMs < startsMs) problems.push({ field: 'endsMs', reversed: { fromMs: startsMs, toMs: endsMs } });
      else if (endsMs === startsMs) problems.push({ field: 'endsMs', key: 'problem.emptyWindow' });
      else if (endsMs - startsMs > max * 60_000) problems.push({ field: 'endsMs', key: 'problem.tooLongWindow', params: { durationSec: (endsMs - startsMs) / 1000 } });
    }
  }
  const matchers: Record<string, string> = {};
  for (const k of MAINTENANCE_MATCHER_KEYS) {
    const v = d.matchers[k].trim();
    if (v === '') continue;
    if ((k === 'site_id' || k === 'transport_node_id') && !WHOLE.test(v)) problems.push({ field: `matchers.${k}`, key: 'problem.wholeNumber' });
    matchers[k] = v;
  }
  if (Object.keys(matchers).length === 0) problems.push({ field: 'matchers', key: 'problem.matchersRequired' });
  if (d.comment.length > COMMENT_MAX_CHARS) problems.push({ field: 'comment', key: 'problem.tooLong', params: { max: COMMENT_MAX_CHARS, n: d.comment.length } });
  return {
    input: {
      id: d.id, name, cron: recurring ? d.cron.trim() : null, durationMinutes, timeZone: recurring ? d.timeZone.trim() : d.timeZone,
      startsMs, endsMs, matchers, enabled, comment: d.comment,
    },
    problems,
  };
}

/** The form's draft of a stored window, its one-off times on the operator's wall clock. */
export function draftOf(w: MaintenanceWindow, operatorZone: string): Draft {
  return {
    id: w.id, name: w.name, kind: w.cron === null ? 'once' : 'recurring', cron: w.cron ?? '', durationMinutes: String(w.durationMinutes),
    timeZone: w.timeZone, startsLocal: w.startsMs === null ? '' : msToWallClock(w.startsMs, operatorZone), endsLocal: w.endsMs === null ? '' : msToWallClock(w.endsMs, operatorZone),
    matchers: { ...NO_MATCHERS, ...w.matchers }, comment: w.comment,
  };
}
