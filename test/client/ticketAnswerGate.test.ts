// The automation page shows an answer only for the inputs it was asked for, and never an older answer over a newer
// one: a slow reply to the previous filter, or a poll that overtook a refresh, is dropped.
import { describe, expect, it } from 'vitest';
import { AnswerGate } from '../../client/features/automation/answerGate.js';
import { ServerClock } from '../../client/features/automation/serverClock.js';

describe('AnswerGate', () => {
  it('drops an answer to a request older than the one already shown', () => {
    const g = new AnswerGate();
    const poll = g.ask();
    const refresh = g.ask();
    expect(g.accept(refresh)).toBe(true);
    expect(g.accept(poll)).toBe(false);
  });
  it('drops every answer to the inputs before a reset, however late', () => {
    const g = new AnswerGate();
    const forOpen = g.ask();
    g.reset();
    const forEscalated = g.ask();
    expect(g.accept(forOpen)).toBe(false);
    expect(g.accept(forEscalated)).toBe(true);
  });
  it('accepts answers in order, and a failure moves the mark like a success', () => {
    const g = new AnswerGate();
    const a = g.ask(), b = g.ask(), c = g.ask();
    expect(g.accept(a)).toBe(true);
    expect(g.accept(c)).toBe(true);
    expect(g.accept(b)).toBe(false);
    expect(g.accept(c)).toBe(false);
  });
});

describe('ServerClock', () => {
  it('reads browser instants on the server’s clock once an answer told the offset', () => {
    const c = new ServerClock();
    expect(c.at(1_000)).toBe(1_000);
    expect(c.observe(1_893_500_000_000, 1_000)).toBe(1_893_500_000_000);
    expect(c.at(3_000)).toBe(1_893_500_002_000);
  });
});
