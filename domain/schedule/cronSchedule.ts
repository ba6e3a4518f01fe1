// Five-field cron schedules evaluated in an IANA time zone through Intl alone (no zone library): maintenance windows and
// scheduled reports.
//
// Syntax (Vixie cron): `minute hour day-of-month month day-of-week`, each `*`, a value, a range `a-b`, a step `*/n`,
// `a-b/n` or `a/n` (from a to the end), or a comma list of those; months JAN-DEC and weekdays SUN-SAT by name in any
// case; weekday 7 is Sunday too; macros @hourly @daily @midnight @weekly @monthly @yearly @annually. When both day
// fields are restricted (neither starts with `*`) a day matching either fires, as in Vixie cron.
//
// Daylight saving: a time that occurs twice (clocks go back) fires once, at its first occurrence. A wall-clock time
// that does not exist that day (clocks jump forward over it) is skipped by windows ('skip': a window is at a wall time
// or not at all); nextRun moves it forward by the gap by default ('shift', Temporal's 'compatible': a report still
// runs that day). Asia/Shanghai has no DST; Europe/Berlin does.

export type CronFieldName = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

export interface CronSchedule {
  /** The expression as written (macros not expanded). */
  text: string;
  /** Ascending. */
  minutes: readonly number[];
  /** Ascending. */
  hours: readonly number[];
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday. */
  weekdays: ReadonlySet<number>;
  /** Both day fields restricted: a day matching either one fires. */
  dayOr: boolean;
}

/** Kinds of problem, with `params`, so a form can say them in its own language. */
export type CronProblemCode = 'fields' | 'macro' | 'value' | 'name' | 'range' | 'step' | 'backwards' | 'item';

/** What is wrong with an expression: the field (null: the expression as a whole) and the 0-based character position. */
export interface CronProblem {
  field: CronFieldName | null; position: number; message: string;
  code: CronProblemCode; params: Readonly<Record<string, string | number>>;
}
export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: CronProblem };

/** "day-of-week at column 11: ..." (1-based column, as an editor shows it). */
export function formatCronProblem(p: CronProblem): string {
  return `${p.field ?? 'expression'} at column ${p.position + 1}: ${p.message}`;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec { name: CronFieldName; min: number; max: number; names: readonly string[] | null; nameBase: number }
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, names: null, nameBase: 0 },
  { name: 'hour', min: 0, max: 23, names: null, nameBase: 0 },
  { name: 'day-of-month', min: 1, max: 31, names: null, nameBase: 0 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/** The names a macro may have, as a form lists them. */
export const CRON_MACROS: readonly string[] = Object.keys(MACROS);

class FieldError extends Error {
  constructor(message: string, readonly position: number, readonly code: CronProblemCode, readonly params: Readonly<Record<string, string | number>>) { super(message); }
}

function parseField(src: string, f: FieldSpec, at: number): number[] {
  const out = new Set<number>();
  const value = (s: string, pos: number): number => {
    let n: number;
    if (/^\d+$/.test(s)) n = Number(s);
    else {
      const i = f.names?.indexOf(s.toUpperCase()) ?? -1;
      if (i < 0) {
        const what = f.names ? `a number or a name (${f.names[0]}-${f.names[f.names.length - 1]})` : 'a number';
        throw f.names
          ? new FieldError(`"${s}" is not ${what}`, pos, 'name', { value: s, first: f.names[0]!, last: f.names[f.names.length - 1]! })
          : new FieldError(`"${s}" is not ${what}`, pos, 'value', { value: s });
      }
      n = i + f.nameBase;
    }
    if (n < f.min || n > f.max) throw new FieldError(`${n} is outside ${f.min}-${f.max}`, pos, 'range', { value: n, min: f.min, max: f.max });
    return n;
  };
  let pos = at;
  for (const item of src.split(',')) {
    if (item === '') throw new FieldError('empty list item', pos, 'item', { value: item });
    const slash = item.indexOf('/');
    const range = slash < 0 ? item : item.slice(0, slash);
    const stepText = slash < 0 ? null : item.slice(slash + 1);
    if (range === '') throw new FieldError(`"${item}" has no range before the step`, pos, 'item', { value: item });
    if (stepText?.includes('/')) throw new FieldError(`"${item}" is not a value, range or step`, pos, 'item', { value: item });
    let step = 1;
    if (stepText !== null) {
      if (!/^\d+$/.test(stepText)) throw new FieldError(`step "${stepText}" is not a whole number`, pos + slash + 1, 'step', { value: item });
      step = Number(stepText);
      if (step < 1) throw new FieldError('a step must be at least 1', pos + slash + 1, 'step', { value: item });
    }
    let lo: number; let hi: number;
    if (range === '*') { lo = f.min; hi = f.max; } else {
      const dash = range.indexOf('-');
      if (dash >= 0) {
        if (range.indexOf('-', dash + 1) >= 0) throw new FieldError(`"${range}" is not a range`, pos, 'item', { value: item });
        lo = value(range.slice(0, dash), pos);
        hi = value(range.slice(dash + 1), pos + dash + 1);
        if (hi < lo) throw new FieldError(`range ${range} runs backwards`, pos, 'backwards', { value: range });
      } else {
        lo = value(range, pos);
        // "5/15" runs from 5 to the end of the field in steps of 15, as in Vixie cron.
        hi = stepText === null ? lo : f.max;
      }
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
    pos += item.length + 1;
  }
  return [...out].sort((a, b) => a - b);
}

/** Parses an expression; on failure names the field and the position of the offending part. */
export function parseCron(expr: string): CronParseResult {
  const trimmed = expr.trim();
  const macro = MACROS[trimmed.toLowerCase()];
  const body = macro ?? expr;
  const parts: Array<{ s: string; at: number }> = [];
  for (const m of body.matchAll(/\S+/g)) parts.push({ s: m[0], at: macro ? 0 : m.index });
  if (parts.length !== 5) {
    const macros = CRON_MACROS.join(' ');
    if (trimmed.startsWith('@')) {
      return { ok: false, error: { field: null, position: expr.indexOf('@'), message: `unknown macro "${trimmed}" (${macros})`, code: 'macro', params: { value: trimmed, macros } } };
    }
    const message = `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
    return { ok: false, error: { field: null, position: parts[5]?.at ?? expr.length, message, code: 'fields', params: { n: parts.length, macros } } };
  }
  const values: number[][] = [];
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i]!;
    try { values.push(parseField(parts[i]!.s, f, parts[i]!.at)); } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      return { ok: false, error: { field: f.name, position: e.position, message: e.message, code: e.code, params: e.params } };
    }
  }
  const [mi, h, dom, mon, dow] = values as [number[], number[], number[], number[], number[]];
  return {
    ok: true,
    schedule: {
      text: expr, minutes: mi, hours: h, days: new Set(dom), months: new Set(mon), weekdays: new Set(dow.map((d) => d % 7)),
      dayOr: !parts[2]!.s.startsWith('*') && !parts[4]!.s.startsWith('*'),
    },
  };
}

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The platform's canonical name of an IANA zone ('asia/shanghai' -> 'Asia/Shanghai'), or null if it does not know it. */
export function canonicalTimeZone(timeZone: string): string | null {
  if (!timeZone.trim()) return null;
  try { return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone; } catch { return null; }
}

/** The wall-clock time at `ms` (to the second) in `timeZone`, written as if it were UTC. */
function wallMs(ms: number, timeZone: string): number {
  const p = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's UTC offset at instant `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const sec = Math.floor(ms / 1000) * 1000;
  return wallMs(sec, timeZone) - sec;
}

/** The local calendar day (its midnight written as UTC) holding instant `ms`. */
function localDay(ms: number, timeZone: string): number {
  return Math.floor(wallMs(ms, timeZone) / DAY_MS) * DAY_MS;
}

/** Offsets either side of a local day, cached: every window of a zone evaluates the same days. */
const dayOffsets = new Map<string, readonly [number, number]>();
function offsetsAround(day: number, timeZone: string): readonly [number, number] {
  const key = `${timeZone}|${day}`;
  let o = dayOffsets.get(key);
  if (!o) {
    // Offsets stay within ±14 h, so these instants' wall times lie before and after the whole day.
    o = [offsetAt(day - DAY_MS, timeZone), offsetAt(day + 2 * DAY_MS, timeZone)];
    if (dayOffsets.size >= 20_000) dayOffsets.clear();
    dayOffsets.set(key, o);
  }
  return o;
}

function dayMatches(s: CronSchedule, day: number): boolean {
  const d = new Date(day);
  if (!s.months.has(d.getUTCMonth() + 1)) return false;
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  return s.dayOr ? dom || dow : dom && dow;
}

/**
 * What happens to a wall-clock time that a daylight-saving jump skips: 'shift' runs it after the gap (moved forward
 * by the gap, Temporal's 'compatible'), 'skip' drops it for that day.
 */
export type SkippedTimePolicy = 'shift' | 'skip';

/** The instants at which `s` fires on local day `day` (midnight written as UTC), ascending, each once. */
function startsOnDay(s: CronSchedule, timeZone: string, day: number, skipped: SkippedTimePolicy): number[] {
  if (!dayMatches(s, day)) return [];
  const [before, after] = offsetsAround(day, timeZone);
  const out: number[] = [];
  if (before === after) {
    // No transition near this day (zones change offset months apart): one offset for every time of it.
    for (const h of s.hours) for (const m of s.minutes) out.push(day + h * HOUR_MS + m * MIN_MS - before);
    return out;
  }
  // A transition near this day: a wall time holds at one offset, at both (repeated: the first) or at none (skipped).
  for (const h of s.hours) {
    for (const m of s.minutes) {
      const wall = day + h * HOUR_MS + m * MIN_MS;
      const a = wall - before;
      const b = wall - after;
      const okA = wallMs(a, timeZone) === wall;
      const okB = b !== a && wallMs(b, timeZone) === wall;
      if (okA || okB) out.push(okA && okB ? Math.min(a, b) : okA ? a : b);
      // Read with the offset before the jump, a skipped time lands after the gap by as much as it was into it.
      else if (skipped === 'shift') out.push(a);
    }
  }
  // A shifted time can land after later ones, or on one that exists (02:30 and 03:30 across a 02:00 -> 03:00 jump).
  return [...new Set(out)].sort((x, y) => x - y);
}

/** Local days searched at most by one call (a range of years is a caller's mistake, not a schedule). */
const MAX_DAYS = 2 * 366;

/** Start instants in [fromMs, toMs), ascending, at most `limit` of them; skipped wall times are skipped (windows). */
export function occurrencesBetween(s: CronSchedule, timeZone: string, fromMs: number, toMs: number, limit = Infinity): number[] {
  const out: number[] = [];
  if (!(toMs > fromMs) || limit <= 0) return out;
  // A day either side: around a transition, local days and instants do not line up one to one.
  const first = localDay(fromMs, timeZone) - DAY_MS;
  const last = Math.min(localDay(toMs, timeZone) + DAY_MS, first + MAX_DAYS * DAY_MS);
  for (let day = first; day <= last; day += DAY_MS) {
    for (const t of startsOnDay(s, timeZone, day, 'skip')) {
      if (t < fromMs || t >= toMs) continue;
      out.push(t);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** A cron schedule in a zone with a length: what makes a recurring window. */
export interface CronWindow { schedule: CronSchedule; timeZone: string; durationMs: number }

/**
 * The occurrence in force at `nowMs` (start <= now < start + duration), searching back one duration; when
 * occurrences overlap, the latest started (it ends last).
 */
export function activeOccurrence(w: CronWindow, nowMs: number): { startsMs: number; endsMs: number } | null {
  const lowest = nowMs - w.durationMs;
  const firstDay = localDay(lowest, w.timeZone) - DAY_MS;
  for (let day = localDay(nowMs, w.timeZone) + DAY_MS; day >= firstDay; day -= DAY_MS) {
    const starts = startsOnDay(w.schedule, w.timeZone, day, 'skip');
    for (let i = starts.length - 1; i >= 0; i--) {
      const t = starts[i]!;
      if (t <= nowMs && t > lowest) return { startsMs: t, endsMs: t + w.durationMs };
    }
  }
  return null;
}

/** Days searched by nextRun: long enough for any satisfiable expression to fire (29 February falls within 8 years). */
const SEARCH_DAYS = 8 * 366;
/** Whether the day fields can ever match (e.g. "0 0 30 2 *" cannot): any calendar day in 8 years (leap days included). */
export function everFires(s: CronSchedule): boolean {
  const from = Date.UTC(2024, 0, 1);
  for (let i = 0; i < SEARCH_DAYS; i++) if (dayMatches(s, from + i * DAY_MS)) return true;
  return false;
}

export interface NextRunOptions {
  /** A wall time skipped by a daylight-saving jump: 'shift' (default) runs it after the gap, 'skip' drops it that day. */
  skipped?: SkippedTimePolicy;
}

/**
 * The first instant strictly after `afterMs` at which the schedule fires in `timeZone`; null if it never does. A
 * string is parsed first and must be valid (callers validate input at the edge; a bad one here is a bug).
 */
export function nextRun(schedule: CronSchedule | string, timeZone: string, afterMs: number, o: NextRunOptions = {}): number | null {
  let s: CronSchedule;
  if (typeof schedule === 'string') {
    const p = parseCron(schedule);
    if (!p.ok) throw new Error(`cron "${schedule}": ${formatCronProblem(p.error)}`);
    s = p.schedule;
  } else s = schedule;
  const skipped = o.skipped ?? 'shift';
  // From the day before: around a transition, local days and instants do not line up one to one.
  const first = localDay(afterMs, timeZone) - DAY_MS;
  const last = first + (SEARCH_DAYS + 1) * DAY_MS;
  for (let day = first; day <= last; day += DAY_MS) {
    for (const t of startsOnDay(s, timeZone, day, skipped)) if (t > afterMs) return t;
  }
  return null;
}
