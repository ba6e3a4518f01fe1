// Pins the executive page's URL: definition, period and comparison written and read back, defaults left out, other keys kept.
import { describe, expect, it } from 'vitest';
import { EXECUTIVE_VIEW, executiveHash } from '../../client/features/executive/executiveUrl.js';

describe('executive URL state', () => {
  it('writes definition, period and comparison, leaving defaults out', () => {
    expect(executiveHash({ def: 'monthly-exec', period: '2026-11', compare: 'yearAgo' })).toBe('#/executive?def=monthly-exec&period=2026-11&compare=yearAgo');
    expect(executiveHash({ def: null, period: null, compare: 'both' })).toBe('#/executive');
    // A custom range keeps its '..' readable.
    expect(executiveHash({ def: 'weekly-exec', period: '2026-11-01..2026-11-15', compare: 'both' })).toBe('#/executive?def=weekly-exec&period=2026-11-01..2026-11-15');
  });
  it('reads what it wrote, an unknown comparison as the default, and keeps other parameters', () => {
    const p = new URLSearchParams('def=weekly-exec&period=2026-W47&compare=nonsense&x=1');
    expect(EXECUTIVE_VIEW.read(p)).toEqual({ def: 'weekly-exec', period: '2026-W47', compare: 'both' });
    expect(executiveHash({ def: 'weekly-exec', period: '2026-W46', compare: 'previous' }, p)).toBe('#/executive?def=weekly-exec&period=2026-W46&compare=previous&x=1');
  });
});
