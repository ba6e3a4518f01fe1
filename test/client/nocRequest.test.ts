// Request tagging on the NOC page: every answer carries its request key; only the current request's newest answer is used.
import { describe, expect, it } from 'vitest';
import { AnswerGate, requestKey, siteRequestKey } from '../../client/features/noc/nocRequest.js';

describe('NOC request tagging', () => {
  it('keys name window, replay time and site; a live window keeps its key while it slides', () => {
    expect(requestKey({ windowKey: '24h', replayToMs: null })).toBe('24h|live');
    expect(requestKey({ windowKey: '1h', replayToMs: 1_768_400_000_000 })).toBe('1h|1768400000000');
    expect(siteRequestKey({ windowKey: '7d', replayToMs: null }, 12)).toBe('7d|live|site 12');
    expect(requestKey({ windowKey: '24h', replayToMs: null })).not.toBe(requestKey({ windowKey: '1h', replayToMs: null }));
  });

  it("drops an answer to the previous window that arrives after the switch", () => {
    const g = new AnswerGate();
    const old = g.issue('24h|live');
    const now = g.issue('1h|live');
    expect(g.admit('24h|live', old)).toBe(false);
    expect(g.admit('1h|live', now)).toBe(true);
  });

  it('drops an older answer of the same request that arrives after a newer one', () => {
    const g = new AnswerGate();
    const first = g.issue('24h|live');
    const second = g.issue('24h|live');
    expect(g.admit('24h|live', second)).toBe(true);
    expect(g.admit('24h|live', first)).toBe(false);
    const third = g.issue('24h|live');
    expect(g.admit('24h|live', third)).toBe(true);
    expect(g.currentKey).toBe('24h|live');
  });

  it('switching back and forth never admits the first request\'s late answer', () => {
    const g = new AnswerGate();
    const a1 = g.issue('24h|live');
    g.issue('1h|live');
    const a2 = g.issue('24h|live');
    expect(g.admit('24h|live', a2)).toBe(true);
    expect(g.admit('24h|live', a1)).toBe(false);
  });
});
