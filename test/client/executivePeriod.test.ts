// Pins the executive period picker's model: stepping, switching kind, and custom ranges that are refused instead of requested.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../domain/period/reportPeriod.js';
import { canStepForward, chooseCustomRange, choosePeriod, inputValueOf, nextPeriod, rangeOf, recentQuarters, stepPeriod, switchKind } from '../../client/features/executive/periodSelection.js';
import { describeCoverage, describePeriod, isPartial, periodName, periodNameOfLabel } from '../../client/features/executive/reportStamps.js';

const at = (iso: string) => Date.parse(iso);

describe('chooseCustomRange', () => {
  it('accepts a range with both days included', () => {
    const c = chooseCustomRange({ from: '2026-11-01', to: '2026-11-15' });
    expect(c).toEqual({ ok: true, period: { kind: 'custom', label: '2026-11-01..2026-11-15', fromMs: at('2026-11-01T00:00:00Z'), toMs: at('2026-11-16T00:00:00Z') } });
  });
  it('refuses a reversed, incomplete, too long or impossible range with the reason', () => {
    expect(chooseCustomRange({ from: '2026-11-15', to: '2026-11-01' })).toEqual({ ok: false, error: { code: 'reversed', from: '2026-11-15', to: '2026-11-01' } });
    expect(chooseCustomRange({ from: '2026-11-15', to: '' })).toEqual({ ok: false, error: { code: 'incomplete' } });
    // 2025-01-01 .. 2026-06-30: 365 + 181 = 546 days.
    expect(chooseCustomRange({ from: '2025-01-01', to: '2026-06-30' })).toEqual({ ok: false, error: { code: 'too-long', days: 546, max: 366 } });
    expect(chooseCustomRange({ from: '2026-02-30', to: '2026-03-02' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
  it('reads a period from its text, refusing an impossible one', () => {
    expect(choosePeriod('2026-W47')).toMatchObject({ ok: true, period: { kind: 'week', label: '2026-W47' } });
    expect(choosePeriod('2026-W60')).toEqual({ ok: false, error: { code: 'invalid', reason: '2026 has ISO weeks 1-53' } });
  });
});

describe('stepping and switching', () => {
  it('steps weeks, months and quarters across year ends', () => {
    expect(stepPeriod(parsePeriod('2026-W01'), -1).label).toBe('2025-W52');
    expect(nextPeriod(parsePeriod('2026-W53')).label).toBe('2027-W01');
    expect(stepPeriod(parsePeriod('2026-12'), 1).label).toBe('2027-01');
    expect(stepPeriod(parsePeriod('2026-Q1'), -1).label).toBe('2025-Q4');
    expect(stepPeriod(parsePeriod('2026-03-01'), -1).label).toBe('2026-02-28');
  });
  it('steps a custom range by its own length', () => {
    const r = parsePeriod('2026-11-01..2026-11-10');
    expect(nextPeriod(r).label).toBe('2026-11-11..2026-11-20');
    expect(stepPeriod(r, -1).label).toBe('2026-10-22..2026-10-31');
  });
  it('allows stepping into the running period but not into the future', () => {
    const now = at('2026-11-26T09:30:00Z'); // Thursday of 2026-W48
    expect(canStepForward(parsePeriod('2026-W47'), now)).toBe(true);
    expect(canStepForward(parsePeriod('2026-W48'), now)).toBe(false);
    expect(canStepForward(parsePeriod('2026-11-25'), now)).toBe(true);
    expect(canStepForward(parsePeriod('2026-11-26'), now)).toBe(false);
  });
  it('switches kind around the current period start', () => {
    const w47 = parsePeriod('2026-W47'); // 2026-11-16 .. 2026-11-22
    expect(switchKind('month', w47).label).toBe('2026-11');
    expect(switchKind('quarter', w47).label).toBe('2026-Q4');
    expect(switchKind('day', w47).label).toBe('2026-11-16');
    expect(switchKind('custom', w47).label).toBe('2026-11-16..2026-11-22');
    expect(rangeOf(w47)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
  });
  it('gives native inputs their value format and lists recent quarters newest first', () => {
    expect(inputValueOf(parsePeriod('2026-W07'))).toBe('2026-W07');
    expect(inputValueOf(parsePeriod('2026-11'))).toBe('2026-11');
    expect(inputValueOf(parsePeriod('2026-11-05'))).toBe('2026-11-05');
    expect(recentQuarters(at('2026-02-10T00:00:00Z'), 3).map((q) => q.label)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
  });
});

describe('report stamps', () => {
  const w47 = parsePeriod('2026-W47');
  it('describes periods with their dates', () => {
    expect(describePeriod(w47)).toBe('2026-W47 (2026-11-16 – 2026-11-22)');
    expect(describePeriod(parsePeriod('2026-11-28'))).toBe('2026-11-28');
    expect(describePeriod(parsePeriod('2026-11-01..2026-11-15'))).toBe('2026-11-01 – 2026-11-15');
  });
  it('calls a period partial until the data reaches its end', () => {
    expect(isPartial({ period: w47, dataAsOfMs: w47.toMs })).toBe(false);
    expect(isPartial({ period: w47, dataAsOfMs: w47.toMs - 1 })).toBe(true);
  });
  it('describes coverage', () => {
    expect(describeCoverage({ rawDays: 4, historyDays: 0, missingDays: 3 })).toBe('4 days from raw events, 0 from daily history, 3 without data');
    expect(describeCoverage({ rawDays: 1, historyDays: 6, missingDays: 0 })).toBe('1 day from raw events, 6 from daily history, none missing');
    expect(describeCoverage({ rawDays: 4, historyDays: 0, missingDays: 3 }, 'zh-CN')).toBe('4 天来自原始事件，0 天来自每日历史，3 天无数据');
  });
  it('names periods in Chinese as a Chinese report would (UTC days, never shifted by the zone)', () => {
    expect(periodName(w47, 'zh-CN')).toBe('2026年第47周');
    expect(periodName(parsePeriod('2026-11'), 'zh-CN')).toBe('2026年11月');
    expect(periodName(parsePeriod('2026-Q4'), 'zh-CN')).toBe('2026年第4季度');
    expect(periodName(parsePeriod('2026-11-28'), 'zh-CN')).toBe('2026年11月28日');
    expect(periodName(parsePeriod('2026-11-01..2026-11-15'), 'zh-CN')).toBe('2026年11月1日 – 2026年11月15日');
    // ISO week 1 of 2027 starts on 2027-01-04; week 53 of 2026 holds 2026-12-31.
    expect(periodName(parsePeriod('2026-W53'), 'zh-CN')).toBe('2026年第53周');
    expect(describePeriod(w47, 'zh-CN')).toBe('2026年第47周（2026年11月16日 – 2026年11月22日）');
    expect(periodName(w47, 'en')).toBe('2026-W47');
    expect(periodNameOfLabel('2026-Q1', 'zh-CN')).toBe('2026年第1季度');
    expect(periodNameOfLabel('not a period', 'zh-CN')).toBe('not a period');
  });
});
