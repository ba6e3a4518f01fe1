// The maintenance window form's pure side: the draft, its checks before anything is sent (name, cron, duration, zone,
// a one-off window's start before its end, matchers), and wall-clock times read in the operator's zone. The server
// checks again and answers with its own per-field problems.
import {
  DEFAULT_MAINTENANCE_TIME_ZONE, MAINTENANCE_LIMITS, MAINTENANCE_MATCHER_KEYS,
  type MaintenanceInput, type MaintenanceWindow,
} from '../../../schema/maintenance.js';
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

// ---- Cron: the same grammar the server's parser accepts (pipelines/schedule/cronSchedule.ts), checked as typed. ----

const CRON_MACROS = ['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually'] as const;
const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59, names: null },
  { name: 'hour', min: 0, max: 23, names: null },
  { name: 'day-of-month', min: 1, max: 31, names: null },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;
type CronField = (typeof CRON_FIELDS)[number];

/** The first problem of a cron expression, or null when the server's parser would accept it. */
export function checkCron(expr: string): DraftProblem | null {
  const text = expr.trim();
  const macros = CRON_MACROS.join(' ');
  if (text === '') return { field: 'cron', key: 'problem.cronRequired' };
  if (text.startsWith('@')) return (CRON_MACROS as readonly string[]).includes(text.toLowerCase()) ? null : { field: 'cron', key: 'problem.cronMacro', params: { value: text, macros } };
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return { field: 'cron', key: 'problem.cronFields', params: { n: parts.length, macros } };
  for (let i = 0; i < 5; i++) {
    const p = checkCronField(parts[i]!, CRON_FIELDS[i]!);
    if (p) return p;
  }
  return null;
}

function checkCronField(src: string, f: CronField): DraftProblem | null {
  const field = `field.${f.name}` as const;
  const problem = (key: DraftProblem['key'], params: Record<string, string | number>): DraftProblem => ({ field: 'cron', key, params: { field, ...params } });
  const value = (s: string): number | DraftProblem => {
    let n: number;
    if (/^\d+$/.test(s)) n = Number(s);
    else {
      const i = f.names ? (f.names as readonly string[]).indexOf(s.toUpperCase()) : -1;
      if (i < 0) return f.names ? problem('problem.cronName', { value: s, first: f.names[0], last: f.names[f.names.length - 1]! }) : problem('problem.cronValue', { value: s });
      n = f.name === 'month' ? i + 1 : i;
    }
    return n < f.min || n > f.max ? problem('problem.cronRange', { value: n, min: f.min, max: f.max }) : n;
  };
  for (const item of src.split(',')) {
    const slash = item.indexOf('/');
    const range = slash < 0 ? item : item.slice(0, slash);
    const step = slash < 0 ? null : item.slice(slash + 1);
    if (item === '' || range === '' || step?.includes('/')) return problem('problem.cronItem', { value: item });
    if (step !== null && (!/^\d+$/.test(step) || Number(step) < 1)) return problem('problem.cronStep', { value: item });
    if (range === '*') continue;
    const dash = range.indexOf('-');
    if (dash < 0) { const v = value(range); if (typeof v !== 'number') return v; continue; }
    if (range.indexOf('-', dash + 1) >= 0) return problem('problem.cronItem', { value: item });
    const lo = value(range.slice(0, dash));
    if (typeof lo !== 'number') return lo;
    const hi = value(range.slice(dash + 1));
    if (typeof hi !== 'number') return hi;
    if (hi < lo) return problem('problem.cronBackwards', { value: range });
  }
  return null;
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
