// Pins the revenue explorer's URL: every filter, the grain, dates and model measure round-trip; junk reads as defaults.
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../client/app/hashRoute.js';
import { DEFAULT_VIEW, REVENUE_VIEW_CODEC, activeFilterCount, filtersOfView, withoutDimensionFilters, type RevenueView } from '../../client/features/revenue/revenueUrlState.js';
import { EMPTY_FILTERS } from '../../client/features/revenue/revenueQueries.js';

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);
const read = (hash: string) => REVENUE_VIEW_CODEC.read(parseHash(hash).params);
const write = (v: RevenueView, path = '#/revenue') => { const p = new URLSearchParams(); REVENUE_VIEW_CODEC.write(v, p); return formatHash(path, p); };

describe('revenue view in the URL', () => {
  it('is empty for the default view', () => {
    expect(write(DEFAULT_VIEW)).toBe('#/revenue');
    expect(DEFAULT_VIEW).toEqual({ tiers: [], segments: [], regions: [], provinces: [], channels: [], models: [], grain: 'day', from: null, to: null, metric: 'margin' });
  });
  it('round-trips every part of the view, names with spaces and brackets included', () => {
    const v: RevenueView = {
      tiers: [10, 2], segments: ['sme', 'enterprise'], regions: ['South Central'], provinces: ['Inner Mongolia', 'Guangdong'], channels: ['enterprise_sales'],
      models: ['(no usage)', 'Doubao-Seed-1.6'], grain: 'week', from: '2026-11-23', to: '2026-11-29', metric: 'tokens',
    };
    const hash = write(v);
    expect(hash.startsWith('#/revenue?tiers=10%2C2&')).toBe(true);
    expect(read(hash)).toEqual(v);
  });
  it('reads junk as the defaults, drops repeats and non-integer tiers', () => {
    expect(read('#/revenue?grain=year&metric=profit&tiers=1,x,1,-3,2.5,4')).toEqual({ ...DEFAULT_VIEW, tiers: [1, 4] });
    expect(read('#/revenue?segments=sme,sme,,family').segments).toEqual(['sme', 'family']);
  });
  it('keeps keys it does not own (another codec on the same page)', () => {
    const p = new URLSearchParams('site=12');
    REVENUE_VIEW_CODEC.write({ ...DEFAULT_VIEW, grain: 'month' }, p);
    expect(p.toString()).toBe('site=12&grain=month');
  });
  it('turns into SQL filters, with the dates validated against the lake', () => {
    const lake = { firstDayMs: d('2026-11-23'), lastDayMs: d('2026-11-30') };
    const v = { ...DEFAULT_VIEW, tiers: [3], provinces: ['Hubei'], from: '2026-11-24', to: '2026-11-25' };
    expect(filtersOfView(v, lake).filters).toEqual({ ...EMPTY_FILTERS, tierIds: [3], provinces: ['Hubei'], fromMs: d('2026-11-24'), toMs: d('2026-11-26') });
    const reversed = filtersOfView({ ...v, from: '2026-11-26' }, lake);
    expect(reversed.range.issue?.kind).toBe('reversed');
    expect([reversed.filters.fromMs, reversed.filters.toMs]).toEqual([null, null]);
  });
  it('counts and clears the dimension filters, keeping grain, dates and measure', () => {
    const v = { ...DEFAULT_VIEW, tiers: [1], segments: ['sme'], models: ['GLM-4.6'], grain: 'week' as const, from: '2026-11-24', metric: 'cost' as const };
    expect(activeFilterCount(v)).toBe(3);
    expect(withoutDimensionFilters(v)).toEqual({ ...DEFAULT_VIEW, grain: 'week', from: '2026-11-24', metric: 'cost' });
  });
});
