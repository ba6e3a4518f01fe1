// Reporting periods: parsing (ISO weeks, months, quarters, days, custom ranges), previous, year-ago and trailing periods.
import { describe, expect, it } from 'vitest';
import {
  MAX_CUSTOM_DAYS, isoWeekOf, lastCompletePeriod, parsePeriod, periodDays, previousPeriod, trailingPeriods, yearAgoPeriod,
} from '../../domain/period/reportPeriod.js';

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);
const span = (p: { fromMs: number; toMs: number }) => [new Date(p.fromMs).toISOString().slice(0, 10), new Date(p.toMs).toISOString().slice(0, 10)];

describe('parsePeriod', () => {
  it('ISO weeks run Monday to Monday; week 1 holds 4 January', () => {
    expect(span(parsePeriod('2026-W47'))).toEqual(['2026-11-16', '2026-11-23']);
    expect(span(parsePeriod('2026-W01'))).toEqual(['2025-12-29', '2026-01-05']); // 1 Jan 2026 is a Thursday
    expect(span(parsePeriod('2021-W01'))).toEqual(['2021-01-04', '2021-01-11']); // 1 Jan 2021 is a Friday: still 2020's week 53
    expect(parsePeriod('2026-w7').label).toBe('2026-W07');
  });

  it('W53 exists only in long ISO years', () => {
    expect(span(parsePeriod('2020-W53'))).toEqual(['2020-12-28', '2021-01-04']);
    expect(span(parsePeriod('2026-W53'))).toEqual(['2026-12-28', '2027-01-04']); // 2026 starts on a Thursday: 53 weeks
    expect(() => parsePeriod('2025-W53')).toThrow(/2025 has ISO weeks 1-52/);
    expect(() => parsePeriod('2027-W53')).toThrow(/1-52/);
    expect(() => parsePeriod('2026-W00')).toThrow(RangeError);
    expect(isoWeekOf(d('2021-01-03'))).toEqual({ year: 2020, week: 53 });
  });

  it('months, quarters and days, with leap days', () => {
    expect(span(parsePeriod('2024-02'))).toEqual(['2024-02-01', '2024-03-01']);
    expect(periodDays(parsePeriod('2024-02'))).toBe(29);
    expect(periodDays(parsePeriod('2026-02'))).toBe(28);
    expect(span(parsePeriod('2026-Q4'))).toEqual(['2026-10-01', '2027-01-01']);
    expect(span(parsePeriod('2024-02-29'))).toEqual(['2024-02-29', '2024-03-01']);
    expect(() => parsePeriod('2026-02-29')).toThrow(/not a real date/);
    expect(() => parsePeriod('2026-13')).toThrow(/01-12/);
    expect(() => parsePeriod('2026-Q5')).toThrow(/Q1-Q4/);
    expect(() => parsePeriod('last week')).toThrow(/is not a day/);
  });

  it('custom ranges include their end day; reversed and too long ranges are refused', () => {
    const p = parsePeriod('2026-11-01..2026-11-15');
    expect(p.kind).toBe('custom');
    expect(span(p)).toEqual(['2026-11-01', '2026-11-16']);
    expect(periodDays(parsePeriod('2026-11-05..2026-11-05'))).toBe(1);
    expect(parsePeriod(' 2024-02-28 .. 2024-03-01 ').label).toBe('2024-02-28..2024-03-01');
    expect(periodDays(parsePeriod('2024-02-28..2024-03-01'))).toBe(3);
    expect(() => parsePeriod('2026-11-15..2026-11-01')).toThrow(/end day is before the start day/);
    expect(() => parsePeriod('2024-01-01..2025-01-01')).toThrow(new RegExp(`longer than ${MAX_CUSTOM_DAYS}`));
    expect(() => parsePeriod('2026-11-01..2026-11-31')).toThrow(/not a real date/);
  });
});

describe('previous, year-ago and trailing periods', () => {
  it('previous periods cross year boundaries and keep custom lengths', () => {
    expect(previousPeriod(parsePeriod('2021-W01')).label).toBe('2020-W53');
    expect(previousPeriod(parsePeriod('2026-01')).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2024-03-01')).label).toBe('2024-02-29');
    expect(previousPeriod(parsePeriod('2026-11-01..2026-11-15')).label).toBe('2026-10-17..2026-10-31');
  });

  it('a year ago: same week number (W53 -> W52 when absent), month, quarter, and 29 February -> 28 February', () => {
    expect(yearAgoPeriod(parsePeriod('2026-W47')).label).toBe('2025-W47');
    expect(yearAgoPeriod(parsePeriod('2020-W53')).label).toBe('2019-W52');
    expect(yearAgoPeriod(parsePeriod('2026-11')).label).toBe('2025-11');
    expect(yearAgoPeriod(parsePeriod('2026-Q4')).label).toBe('2025-Q4');
    expect(yearAgoPeriod(parsePeriod('2024-02-29')).label).toBe('2023-02-28');
    const c = yearAgoPeriod(parsePeriod('2024-02-28..2024-03-01'));
    expect(c.label).toBe('2023-02-28..2023-03-02'); // same length (3 days)
  });

  it('13 trailing periods end with the period, oldest first, contiguous', () => {
    const t = trailingPeriods(parsePeriod('2026-11'), 13);
    expect(t).toHaveLength(13);
    expect(t[0]!.label).toBe('2025-11');
    expect(t[12]!.label).toBe('2026-11');
    for (let i = 1; i < t.length; i++) expect(t[i]!.fromMs).toBe(t[i - 1]!.toMs);
    const w = trailingPeriods(parsePeriod('2021-W02'), 3).map((p) => p.label);
    expect(w).toEqual(['2020-W53', '2021-W01', '2021-W02']);
  });

  it('the last complete period before an instant', () => {
    expect(lastCompletePeriod('week', d('2026-11-23') + 7 * 3_600_000).label).toBe('2026-W47');
    expect(lastCompletePeriod('month', d('2026-03-01')).label).toBe('2026-02');
    expect(lastCompletePeriod('quarter', d('2026-01-15')).label).toBe('2025-Q4');
  });
});
