// Which kind of day a moment falls on (working day or rest day) in the operator's time zone, with public holidays and
// the make-up working days that move them (调休): weekly seasonality keys baselines by this, not by the weekday alone.

export type DayType = 'workday' | 'restday';
export const DAY_TYPES: readonly DayType[] = ['workday', 'restday'];

export interface DayCalendar {
  /** Minutes east of UTC of the operator's civil day (China: +480, no DST). */
  readonly utcOffsetMin: number;
  /** Local dates (YYYY-MM-DD) that are rest days although they fall Monday..Friday. */
  readonly holidays: readonly string[];
  /** Local dates that are working days although they fall on a weekend. */
  readonly workdays: readonly string[];
}

/**
 * Mainland China 2026 public holidays and make-up working days as announced by the State Council for 2026.
 * Operators elsewhere pass their own calendar to loadSeasonalBaseline / baselineFromColumns.
 */
export const CN_CALENDAR_2026: DayCalendar = {
  utcOffsetMin: 480,
  holidays: [
    '2026-01-01', '2026-01-02',
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23',
    '2026-04-06',
    '2026-05-01', '2026-05-04', '2026-05-05',
    '2026-06-19',
    '2026-09-25',
    '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

const DAY_MS = 86_400_000;

/** The operator's local date of `ms` as YYYY-MM-DD. */
export function localDateOf(ms: number, cal: DayCalendar): string {
  return new Date(ms + cal.utcOffsetMin * 60_000).toISOString().slice(0, 10);
}

/** Local day number (days since 1970-01-01 local): one value per civil day. */
export function localDayOf(ms: number, cal: DayCalendar): number {
  return Math.floor((ms + cal.utcOffsetMin * 60_000) / DAY_MS);
}

/** Day types by local day number, cached: the detector asks once per site per minute. */
const cache = new WeakMap<DayCalendar, { holidays: Set<string>; workdays: Set<string>; byDay: Map<number, DayType> }>();

export function dayTypeOf(ms: number, cal: DayCalendar): DayType {
  let c = cache.get(cal);
  if (!c) cache.set(cal, c = { holidays: new Set(cal.holidays), workdays: new Set(cal.workdays), byDay: new Map() });
  const day = localDayOf(ms, cal);
  let t = c.byDay.get(day);
  if (t === undefined) {
    const date = localDateOf(ms, cal);
    const weekday = new Date(day * DAY_MS).getUTCDay();
    t = c.holidays.has(date) ? 'restday' : c.workdays.has(date) ? 'workday' : weekday === 0 || weekday === 6 ? 'restday' : 'workday';
    c.byDay.set(day, t);
  }
  return t;
}

/** The same rule as a DuckDB expression over a TIMESTAMP column: 1 for a rest day, 0 for a working day. */
export function restDaySql(tsExpr: string, cal: DayCalendar): string {
  const local = `(${tsExpr} + INTERVAL ${Math.trunc(cal.utcOffsetMin)} MINUTE)::DATE`;
  const list = (ds: readonly string[]) => ds.length ? ds.map((d) => `DATE '${d.replace(/[^0-9-]/g, '')}'`).join(', ') : 'NULL';
  return `(CASE WHEN ${local} IN (${list(cal.holidays)}) THEN 1 WHEN ${local} IN (${list(cal.workdays)}) THEN 0
    WHEN isodow(${local}) >= 6 THEN 1 ELSE 0 END)`;
}
