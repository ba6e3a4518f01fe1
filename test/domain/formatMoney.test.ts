// The one money formatter: every expected string below is worked out by hand from the fen value.
import { describe, expect, it } from 'vitest';
import { formatFen, formatFenShort } from '../../domain/money/formatMoney.js';

describe('formatFen', () => {
  it('splits integer fen into grouped yuan and two fen digits', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100)).toBe('¥1.00');
    expect(formatFen(123_456)).toBe('¥1,234.56');
  });

  it('puts the sign before the currency', () => {
    expect(formatFen(-5)).toBe('-¥0.05');
    expect(formatFen(-123_456)).toBe('-¥1,234.56');
  });

  it('stays exact past 2^31 and up to 2^53, and for bigint beyond', () => {
    expect(formatFen(2 ** 31)).toBe('¥21,474,836.48'); // 2147483648 fen
    expect(formatFen(-(2 ** 31) - 1)).toBe('-¥21,474,836.49');
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91'); // 9007199254740991 fen
    expect(formatFen(2n ** 64n)).toBe('¥184,467,440,737,095,516.16'); // 18446744073709551616 fen
  });

  it('rounds a non-integer input once to whole fen, half away from zero', () => {
    expect(formatFen(0.5)).toBe('¥0.01');
    expect(formatFen(0.4)).toBe('¥0.00');
    expect(formatFen(-0.4)).toBe('¥0.00'); // rounds to zero: no "-¥0.00"
    expect(formatFen(-2.5)).toBe('-¥0.03');
    expect(formatFen(1234.5)).toBe('¥12.35');
    expect(formatFen(1234.4999)).toBe('¥12.34');
    // 100.5 fen = 1.005 yuan: going through yuan as a float (1.00499999…) would print 1.00.
    expect(formatFen(100.5)).toBe('¥1.01');
  });

  it('shows a dash for missing or non-finite values', () => {
    expect(formatFen(null)).toBe('—');
    expect(formatFen(undefined)).toBe('—');
    expect(formatFen(Number.NaN)).toBe('—');
    expect(formatFen(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatFenShort', () => {
  it('abbreviates yuan for chart axes', () => {
    expect(formatFenShort(123_456_789)).toBe('¥1.2M'); // 1,234,567.89 yuan
    expect(formatFenShort(3_500_000)).toBe('¥35.0k'); // 35,000 yuan
    expect(formatFenShort(9_900)).toBe('¥99');
    expect(formatFenShort(-250_000)).toBe('¥-2.5k');
  });
});
