// RateMeter on a hand-driven clock: expected rates are worked out by hand beside each case.
import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../domain/metrics/rateMeter.js';

describe('RateMeter', () => {
  it('averages the last full seconds of the window and leaves the current second out', () => {
    let t = 100_000; // second 100
    const m = new RateMeter(5, () => t);
    m.add(10);
    t = 100_900;
    m.add(5); // second 100 holds 15
    expect(m.perSecond()).toBe(0); // second 100 is still partial
    t = 101_000;
    expect(m.perSecond()).toBe(3); // 15 rows over 5 s
    m.add(20); // second 101, partial
    t = 102_500;
    expect(m.perSecond()).toBe(7); // (15 + 20) / 5
  });

  it('forgets seconds that slid out of the window', () => {
    let t = 0;
    const m = new RateMeter(2, () => t);
    m.add(8); // second 0
    t = 1_000;
    m.add(4); // second 1
    t = 2_000;
    expect(m.perSecond()).toBe(6); // (8 + 4) / 2
    t = 3_000;
    expect(m.perSecond()).toBe(2); // seconds 1..2: 4 / 2
    t = 10_000;
    expect(m.perSecond()).toBe(0);
  });
});
