// Pins the revenue explorer's date rules: ISO days only, start not after end, clamped to the lake's rated days.
import { describe, expect, it } from 'vitest';
import { DAY_MS, isPartialIsoDay, parseIsoDay, resolveRange } from '../../client/features/revenue/dateRange.js';
import { isoDay } from '../../domain/period/isoDay.js';

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);
const LAKE = { firstDayMs: d('2026-11-23'), lastDayMs: d('2026-11-30') };

describe('parseIsoDay', () => {
  it('reads real calendar days only', () => {
    expect(parseIsoDay('2026-11-23')).toBe(d('2026-11-23'));
    expect(parseIsoDay(' 2024-02-29 ')).toBe(d('2024-02-29'));
    expect(parseIsoDay('2026-02-30')).toBeNull(); // no rollover into March
    expect(parseIsoDay('2026-13-01')).toBeNull();
    expect(parseIsoDay('11/23/2026')).toBeNull();
    expect(parseIsoDay('2026-11-2')).toBeNull();
    expect(isoDay(d('2026-11-23'))).toBe('2026-11-23');
  });
  it('tells a date still being typed from a wrong one', () => {
    expect(isPartialIsoDay('2026-1')).toBe(true);
    expect(isPartialIsoDay('2026-11-2')).toBe(true);
    expect(isPartialIsoDay('2026-11-23')).toBe(false);
    expect(isPartialIsoDay('11/23')).toBe(false);
  });
});

describe('resolveRange', () => {
  it('applies a valid range with an exclusive end', () => {
    expect(resolveRange('2026-11-24', '2026-11-26', LAKE)).toEqual({ fromMs: d('2026-11-24'), toMs: d('2026-11-27'), notes: [], issue: null });
    expect(resolveRange(null, null, LAKE)).toEqual({ fromMs: null, toMs: null, notes: [], issue: null });
    // One day: from = to.
    expect(resolveRange('2026-11-25', '2026-11-25', LAKE).toMs).toBe(d('2026-11-25') + DAY_MS);
  });
  it('refuses a start after the end and applies nothing', () => {
    const r = resolveRange('2026-11-28', '2026-11-24', LAKE);
    expect(r.issue).toEqual({ kind: 'reversed', fromMs: d('2026-11-28'), toDayMs: d('2026-11-24') });
    expect([r.fromMs, r.toMs]).toEqual([null, null]);
  });
  it('refuses what is not a date, naming the side', () => {
    expect(resolveRange('23.11.2026', null, LAKE).issue).toEqual({ kind: 'badFormat', side: 'from', text: '23.11.2026' });
    expect(resolveRange(null, 'yesterday', LAKE).issue).toEqual({ kind: 'badFormat', side: 'to', text: 'yesterday' });
  });
  it('clamps a side beyond the rated days, with a note', () => {
    const r = resolveRange('2026-11-01', '2026-12-31', LAKE);
    expect(r.issue).toBeNull();
    expect([r.fromMs, r.toMs]).toEqual([d('2026-11-23'), d('2026-12-01')]);
    expect(r.notes).toEqual([
      { kind: 'clamped', side: 'from', askedMs: d('2026-11-01'), usedMs: d('2026-11-23') },
      { kind: 'clamped', side: 'to', askedMs: d('2026-12-31'), usedMs: d('2026-11-30') },
    ]);
  });
  it('refuses a range with no rated day at all', () => {
    expect(resolveRange('2027-01-01', '2027-01-05', LAKE).issue?.kind).toBe('outsideLake');
    expect(resolveRange(null, '2026-11-01', LAKE).issue?.kind).toBe('outsideLake');
    // Before the lake is known nothing can be clamped, but order is still checked.
    expect(resolveRange('2027-01-01', '2027-01-05', null).issue).toBeNull();
    expect(resolveRange('2027-01-05', '2027-01-01', null).issue?.kind).toBe('reversed');
  });
});
