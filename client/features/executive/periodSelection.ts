// The period picker's model: which period text the page asks for, stepping back and forth, switching kind, and custom-range validation.
import type { PeriodKind, ReportPeriod } from '../../../schema/executive.js';
import { parsePeriod, periodContaining, previousPeriod } from '../../../domain/period/reportPeriod.js';

const DAY_MS = 86_400_000;
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A custom range as typed: both days inclusive, 'YYYY-MM-DD' (empty while not chosen). */
export interface CustomRange { from: string; to: string }

export type PeriodChoice = { ok: true; period: ReportPeriod } | { ok: false; error: string };

/** Validates a typed custom range; a reversed or incomplete range is an error to show, never a request. */
export function chooseCustomRange(r: CustomRange): PeriodChoice {
  if (!r.from || !r.to) return { ok: false, error: 'Choose both a start and an end day.' };
  try {
    return { ok: true, period: parsePeriod(`${r.from}..${r.to}`) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message.replace(/^period "[^"]*": /, '') : String(e) };
  }
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
