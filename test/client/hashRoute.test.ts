// View state in the URL hash: parsing, formatting, and codecs that read defaults and keep URLs short.
import { describe, expect, it } from 'vitest';
import { formatHash, param, parseHash } from '../../client/app/hashRoute.js';

describe('hash route', () => {
  it('splits path and query and formats them back', () => {
    const r = parseHash('#/noc?window=7d&site=12');
    expect(r.path).toBe('#/noc');
    expect(r.params.get('window')).toBe('7d');
    expect(formatHash(r.path, r.params)).toBe('#/noc?window=7d&site=12');
    expect(parseHash('').path).toBe('');
    expect(formatHash('#/noc', new URLSearchParams())).toBe('#/noc');
  });

  it('codecs: unknown values read as defaults; defaults are not written', () => {
    const codec = param.object({
      window: param.oneOf('window', ['1h', '24h', '7d'] as const, '24h'),
      site: param.int('site'),
      region: param.text('region'),
      tiers: param.list('tiers'),
      only: param.flag('only'),
    });
    expect(codec.read(new URLSearchParams('window=1y&site=abc&tiers=a,,b&only=1'))).toEqual({ window: '24h', site: null, region: null, tiers: ['a', 'b'], only: true });
    const p = new URLSearchParams('other=keep');
    codec.write({ window: '24h', site: 7, region: 'East', tiers: [], only: false }, p);
    expect(p.toString()).toBe('other=keep&site=7&region=East');
    codec.write({ window: '7d', site: null, region: null, tiers: ['x'], only: true }, p);
    expect(p.toString()).toBe('other=keep&window=7d&tiers=x&only=1');
  });
});
