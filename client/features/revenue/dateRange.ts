// The explorer's date range rules: ISO day strings <-> UTC-midnight ms, start not after end, only the lake's rated days.
import { parseIsoDay as parseIsoDayStrict } from '../../../domain/period/isoDay.js';

export const DAY_MS = 86_400_000;

/** A typed day (surrounding spaces ignored) as UTC-midnight ms; null unless it is a real YYYY-MM-DD day. */
export function parseIsoDay(text: string): number | null {
  return parseIsoDayStrict(text.trim());
}

/** True while a date is still being typed (a prefix of YYYY-MM-DD), so no error is shown yet. */
export function isPartialIsoDay(text: string): boolean {
  return text.length < 10 && /^\d{0,4}(-\d{0,2}(-\d{0,2})?)?$/.test(text);
}

/** First and last rated day (UTC midnight, both inclusive). */
export interface LakeDays { firstDayMs: number; lastDayMs: number }

export type RangeIssue =
  | { kind: 'badFormat'; side: 'from' | 'to'; text: string }
  | { kind: 'reversed'; fromMs: number; toDayMs: number }
  | { kind: 'outsideLake'; fromMs: number | null; toDayMs: number | null; lake: LakeDays };

export interface RangeNote { kind: 'clamped'; side: 'from' | 'to'; askedMs: number; usedMs: number }

/** A range as applied: `toMs` exclusive (the day after the last day), null bounds mean "from the first / to the last rated day". */
export interface ResolvedRange {
  fromMs: number | null;
  toMs: number | null;
  notes: RangeNote[];
  /** Why the asked range was not applied (then both bounds are null, or the bad side is). */
  issue: RangeIssue | null;
}

/**
 * Applies the rules to a range as written (URL or inputs; `to` inclusive): a side that is not a date is refused; a
 * start after the end is refused (nothing applied); a range with no rated day is refused; a side beyond the lake's
 * days is clamped to them, with a note.
 */
export function resolveRange(fromText: string | null, toText: string | null, lake: LakeDays | null): ResolvedRange {
  let fromMs = fromText ? parseIsoDay(fromText) : null;
  let toDayMs = toText ? parseIsoDay(toText) : null;
  if (fromText && fromMs === null) return { fromMs: null, toMs: toDayMs === null ? null : toDayMs + DAY_MS, notes: [], issue: { kind: 'badFormat', side: 'from', text: fromText } };
  if (toText && toDayMs === null) return { fromMs, toMs: null, notes: [], issue: { kind: 'badFormat', side: 'to', text: toText } };
  if (fromMs !== null && toDayMs !== null && fromMs > toDayMs) return { fromMs: null, toMs: null, notes: [], issue: { kind: 'reversed', fromMs, toDayMs } };
  const notes: RangeNote[] = [];
  if (lake) {
    if ((fromMs !== null && fromMs > lake.lastDayMs) || (toDayMs !== null && toDayMs < lake.firstDayMs)) {
      return { fromMs: null, toMs: null, notes: [], issue: { kind: 'outsideLake', fromMs, toDayMs, lake } };
    }
    if (fromMs !== null && fromMs < lake.firstDayMs) { notes.push({ kind: 'clamped', side: 'from', askedMs: fromMs, usedMs: lake.firstDayMs }); fromMs = lake.firstDayMs; }
    if (toDayMs !== null && toDayMs > lake.lastDayMs) { notes.push({ kind: 'clamped', side: 'to', askedMs: toDayMs, usedMs: lake.lastDayMs }); toDayMs = lake.lastDayMs; }
  }
  return { fromMs, toMs: toDayMs === null ? null : toDayMs + DAY_MS, notes, issue: null };
}

/** The days a range covers once open bounds are filled from the lake: [fromMs, toMs) ; null before the lake is known. */
export function coveredDays(range: { fromMs: number | null; toMs: number | null }, lake: LakeDays | null): { fromMs: number; toMs: number } | null {
  if (!lake) return null;
  return { fromMs: range.fromMs ?? lake.firstDayMs, toMs: range.toMs ?? lake.lastDayMs + DAY_MS };
}
