// Reporting periods as executives name them: a day (2026-11-28), an ISO week (2026-W47), a month (2026-11),
// a quarter (2026-Q4) or a custom range of whole days (2026-11-01..2026-11-15, end day included); all UTC.
import { isoDay, parseIsoDay } from './isoDay.js';
import type { PeriodKind, ReportPeriod } from '../../schema/executive.js';

const DAY_MS = 86_400_000;
/** Longest custom range: a sparkline of 13 such periods must still fit the kept history. */
export const MAX_CUSTOM_DAYS = 366;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function parseDay(s: string, what: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new RangeError(`${what} "${s}" is not a date (YYYY-MM-DD)`);
  const ms = parseIsoDay(s);
  if (ms === null) throw new RangeError(`${what} "${s}" is not a real date`);
  return ms;
}

/** Monday 00:00 UTC of ISO week 1 of `year` (the week holding 4 January). */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

/** ISO year and week of a UTC day. */
export function isoWeekOf(ms: number): { year: number; week: number } {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - isoWeekOneMonday(year)) / (7 * DAY_MS)) + 1 };
}

function weeksIn(year: number): number { return isoWeekOf(Date.UTC(year, 11, 28)).week; }

function week(year: number, w: number): ReportPeriod {
  const fromMs = isoWeekOneMonday(year) + (w - 1) * 7 * DAY_MS;
  return { kind: 'week', label: `${year}-W${pad(w)}`, fromMs, toMs: fromMs + 7 * DAY_MS };
}
function month(year: number, m0: number): ReportPeriod {
  const d = new Date(Date.UTC(year, m0, 1));
  return { kind: 'month', label: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`, fromMs: d.getTime(), toMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}
function quarter(year: number, q: number): ReportPeriod {
  const y = year + Math.floor((q - 1) / 4);
  const qq = (((q - 1) % 4) + 4) % 4 + 1;
  return { kind: 'quarter', label: `${y}-Q${qq}`, fromMs: Date.UTC(y, (qq - 1) * 3, 1), toMs: Date.UTC(y, qq * 3, 1) };
}
function day(ms: number): ReportPeriod { return { kind: 'day', label: isoDay(ms), fromMs: ms, toMs: ms + DAY_MS }; }
function custom(fromMs: number, toMs: number): ReportPeriod {
  return { kind: 'custom', label: `${isoDay(fromMs)}..${isoDay(toMs - DAY_MS)}`, fromMs, toMs };
}

/** Parses a period's text; throws a RangeError saying what is wrong with an impossible one. */
export function parsePeriod(text: string): ReportPeriod {
  const s = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-W(\d{1,2})$/i.exec(s))) {
    const [y, w] = [Number(m[1]), Number(m[2])];
    if (w < 1 || w > weeksIn(y)) throw new RangeError(`period "${s}": ${y} has ISO weeks 1-${weeksIn(y)}`);
    return week(y, w);
  }
  if ((m = /^(\d{4})-Q(\d)$/i.exec(s))) {
    const q = Number(m[2]);
    if (q < 1 || q > 4) throw new RangeError(`period "${s}": quarters are Q1-Q4`);
    return quarter(Number(m[1]), q);
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) throw new RangeError(`period "${s}": months are 01-12`);
    return month(Number(m[1]), mo - 1);
  }
  if ((m = /^(\S+)\s*\.\.\s*(\S+)$/.exec(s))) {
    const from = parseDay(m[1]!, 'custom period start');
    const last = parseDay(m[2]!, 'custom period end');
    if (last < from) throw new RangeError(`period "${s}": the end day is before the start day`);
    const days = (last - from) / DAY_MS + 1;
    if (days > MAX_CUSTOM_DAYS) throw new RangeError(`period "${s}": ${days} days is longer than ${MAX_CUSTOM_DAYS}`);
    return custom(from, last + DAY_MS);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return day(parseDay(s, 'period'));
  throw new RangeError(`period "${s}" is not a day (2026-11-28), ISO week (2026-W47), month (2026-11), quarter (2026-Q4) or range (2026-11-01..2026-11-15)`);
}

/** The period of `kind` holding the instant `ms` (custom: the single day). */
export function periodContaining(kind: PeriodKind, ms: number): ReportPeriod {
  const d = new Date(ms);
  const dayMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (kind) {
    case 'day': case 'custom': return day(dayMs);
    case 'week': { const w = isoWeekOf(dayMs); return week(w.year, w.week); }
    case 'month': return month(d.getUTCFullYear(), d.getUTCMonth());
    case 'quarter': return quarter(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) + 1);
  }
}

/** The latest period of `kind` that has ended by `nowMs` (what a scheduled report covers). */
export function lastCompletePeriod(kind: PeriodKind, nowMs: number): ReportPeriod {
  return previousPeriod(periodContaining(kind, nowMs));
}

/** The period of the same kind and length just before. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  switch (p.kind) {
    case 'day': return day(p.fromMs - DAY_MS);
    case 'week': return periodContaining('week', p.fromMs - DAY_MS);
    case 'month': return periodContaining('month', p.fromMs - DAY_MS);
    case 'quarter': return periodContaining('quarter', p.fromMs - DAY_MS);
    case 'custom': return custom(2 * p.fromMs - p.toMs, p.fromMs);
  }
}

/** The same period a year earlier: same ISO week number (W53 -> W52 when absent), month, quarter or dates. */
export function yearAgoPeriod(p: ReportPeriod): ReportPeriod {
  const shiftDay = (ms: number) => {
    const d = new Date(ms);
    const y = d.getUTCFullYear() - 1;
    // 29 February a year back is 28 February.
    return Date.UTC(y, d.getUTCMonth(), Math.min(d.getUTCDate(), new Date(Date.UTC(y, d.getUTCMonth() + 1, 0)).getUTCDate()));
  };
  switch (p.kind) {
    case 'day': return day(shiftDay(p.fromMs));
    case 'week': { const w = isoWeekOf(p.fromMs); return week(w.year - 1, Math.min(w.week, weeksIn(w.year - 1))); }
    case 'month': { const d = new Date(p.fromMs); return month(d.getUTCFullYear() - 1, d.getUTCMonth()); }
    case 'quarter': return periodContaining('quarter', shiftDay(p.fromMs));
    case 'custom': { const from = shiftDay(p.fromMs); return custom(from, from + (p.toMs - p.fromMs)); }
  }
}

/** The `n` periods ending with `p`, oldest first. */
export function trailingPeriods(p: ReportPeriod, n: number): ReportPeriod[] {
  const out = [p];
  while (out.length < n) out.unshift(previousPeriod(out[0]!));
  return out;
}

export function periodDays(p: ReportPeriod): number { return Math.round((p.toMs - p.fromMs) / DAY_MS); }
