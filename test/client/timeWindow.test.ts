// Pins the 24 h window start (floored to the hour) and which clock it is measured on.
import { describe, expect, it } from 'vitest';
import { dataClockMs, windowSinceMs } from '../../client/dataSync/timeWindow.js';

describe('windowSinceMs', () => {
  it('is 24 h before now, floored to the hour', () => {
    const now = Date.UTC(2026, 10, 25, 9, 47, 13);
    expect(windowSinceMs(now)).toBe(Date.UTC(2026, 10, 24, 9, 0, 0));
  });
});

describe('dataClockMs', () => {
  const lake = { startMs: 0, endMs: 5000 };
  it('prefers the server clock, then the newest fact, then the lake end', () => {
    expect(dataClockMs({ nowMs: 9, lake, tables: [{ kind: 'fact', maxTs: 7000 }] }, 1)).toBe(9);
    expect(dataClockMs({ lake, tables: [{ kind: 'fact', maxTs: 7000 }, { kind: 'dimension', maxTs: 9999 }] }, 1)).toBe(7000);
    expect(dataClockMs({ lake, tables: [{ kind: 'fact', maxTs: null }] }, 1)).toBe(5000);
    expect(dataClockMs(null, 1)).toBe(1);
  });
});
