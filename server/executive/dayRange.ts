// Whole-UTC-day ranges [fromMs, toMs) and how a report period splits between the history and the raw data.
export const DAY_MS = 86_400_000;

export interface DayRange { fromMs: number; toMs: number }

export const isEmptyRange = (r: DayRange) => !(r.toMs > r.fromMs);
export const dayCount = (r: DayRange) => Math.max(0, Math.ceil((r.toMs - r.fromMs) / DAY_MS));

/**
 * The part of `period` before `rawStartMs` is read from the history, the part from it to `presentMs` from the raw
 * data; whatever lies after the present is not there yet (a running or future period).
 */
export function splitBySource(period: DayRange, rawStartMs: number, presentMs: number): { history: DayRange; raw: DayRange } {
  const end = Math.min(period.toMs, presentMs);
  return {
    history: { fromMs: period.fromMs, toMs: Math.min(end, rawStartMs) },
    raw: { fromMs: Math.max(period.fromMs, rawStartMs), toMs: end },
  };
}
