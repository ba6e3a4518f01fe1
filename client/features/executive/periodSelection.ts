// The period picker's model: which period text the page asks for, stepping back and forth, switching kind, and custom-range validation.
import type { PeriodKind, ReportPeriod } from '../../../schema/executive.js';
import { parsePeriod, periodContaining, previousPeriod } from '../../../domain/period/reportPeriod.js';

const DAY_MS = 86_400_000;
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A custom range as typed: both days inclusive, 'YYYY-MM-DD' (empty while not chosen). */
export interface CustomRange { from: string; to: string }

/** Why a chosen period cannot be reported, in terms the picker words in the reader's language. */
export type PeriodError =
  | { code: 'incomplete' }
  | { code: 'reversed'; from: string; to: string }
  | { code: 'too-long'; days: number; max: number }
  | { code: 'invalid'; reason: string };

export type PeriodChoice = { ok: true; period: ReportPeriod } | { ok: false; error: PeriodError };

/** Parses a period's text into a choice; an impossible one is an error to show, never a request. */
export function choosePeriod(text: string): PeriodChoice {
  try {
    return { ok: true, period: parsePeriod(text) };
  } catch (e) {
    return { ok: false, error: { code: 'invalid', reason: e instanceof Error ? e.message.replace(/^period "[^"]*": /, '') : String(e) } };
  }
}

/** Validates a typed custom range; a reversed, incomplete or too long range is refused with its reason. */
export function chooseCustomRange(r: CustomRange): PeriodChoice {
  if (!r.from || !r.to) return { ok: false, error: { code: 'incomplete' } };
  if (/^\d{4}-\d{2}-\d{2}$/.test(r.from) && /^\d{4}-\d{2}-\d{2}$/.test(r.to) && r.to < r.from) return { ok: false, error: { code: 'reversed', from: r.from, to: r.to } };
  const c = choosePeriod(`${r.from}..${r.to}`);
  if (c.ok || c.error.code !== 'invalid') return c;
  const long = /^(\d+) days is longer than (\d+)$/.exec(c.error.reason);
  return long ? { ok: false, error: { code: 'too-long', days: Number(long[1]), max: Number(long[2]) } } : c;
}

/** The custom range covering a period (what the custom inputs show after switching to custom). */
export function rangeOf(p: ReportPeriod): CustomRange {
  return { from: isoDay(p.fromMs), to: isoDay(p.toMs - DAY_MS) };
}

/** The period of `kind` to show after switching kind: the one holding the current period's start. */
export function switchKind(kind: PeriodKind, current: ReportPeriod): ReportPeriod {
  if (kind === 'custom') return parsePeriod(`${isoDay(current.fromMs)}..${isoDay(current.toMs - DAY_MS)}`);
  return periodContaining(kind, current.fromMs);
}

/** The period of the same kind and length just after `p`. */
export function nextPeriod(p: ReportPeriod): ReportPeriod {
  if (p.kind !== 'custom') return periodContaining(p.kind, p.toMs);
  return parsePeriod(`${isoDay(p.toMs)}..${isoDay(2 * p.toMs - p.fromMs - DAY_MS)}`);
}

/** Stepping back is always allowed; stepping forward only into a period that has begun by `nowMs`. */
export function stepPeriod(p: ReportPeriod, dir: -1 | 1): ReportPeriod {
  return dir < 0 ? previousPeriod(p) : nextPeriod(p);
}

export function canStepForward(p: ReportPeriod, nowMs: number): boolean {
  return nextPeriod(p).fromMs <= nowMs;
}

/** The last `n` quarters up to the one holding `nowMs`, newest first (the quarter picker's options). */
export function recentQuarters(nowMs: number, n: number): ReportPeriod[] {
  const out = [periodContaining('quarter', nowMs)];
  while (out.length < n) out.push(previousPeriod(out[out.length - 1]!));
  return out;
}

/** A picker input's value for the period ('2026-11-28', '2026-W47', '2026-11'; quarters and ranges use their label). */
export function inputValueOf(p: ReportPeriod): string {
  return p.kind === 'day' ? isoDay(p.fromMs) : p.label;
}
