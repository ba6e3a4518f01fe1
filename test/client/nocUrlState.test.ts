// The NOC view in the URL: every part (window, replay, filters, size, site, search) round-trips; defaults stay out of it.
import { describe, expect, it } from 'vitest';
import { NOC_VIEW, type NocView } from '../../client/features/noc/nocUrlState.js';

const read = (q: string) => NOC_VIEW.read(new URLSearchParams(q));
function write(v: NocView, keep = ''): string {
  const p = new URLSearchParams(keep);
  NOC_VIEW.write(v, p);
  return p.toString();
}

describe('NOC URL state', () => {
  it('an empty query is the default view: live 24 h, no filter, sized by users, nothing selected', () => {
    expect(read('')).toEqual({
      windowKey: '24h', replayToMs: null, sizeBy: 'users', siteId: null, search: null,
      filter: { region: null, province: null, tech: null, onlyProblems: false },
    });
    expect(write(read(''))).toBe('');
  });

  it('round-trips every field and keeps keys it does not own', () => {
    const v: NocView = {
      windowKey: '1h', replayToMs: 1_768_400_000_000, sizeBy: 'revenue', siteId: 12, search: '武汉',
      filter: { region: 'South Central', province: 'Hubei', tech: '5G-A', onlyProblems: true },
    };
    const q = write(v, 'other=1');
    expect(q).toContain('other=1');
    expect(read(q)).toEqual(v);
    expect(new URLSearchParams(q).get('window')).toBe('1h');
    expect(new URLSearchParams(q).get('site')).toBe('12');
    expect(new URLSearchParams(q).get('problems')).toBe('1');
  });

  it('nonsense reads as the default, never as a half-valid view', () => {
    const v = read('window=2h&site=abc&at=-x&size=big');
    expect([v.windowKey, v.siteId, v.replayToMs, v.sizeBy]).toEqual(['24h', null, null, 'users']);
  });
});
