// A ticket's wording: lead time (a sentence on the ticket, short in the list) with durations in the locale's form, who
// acted, and the list's site column. Expected strings are written by hand.
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../client/i18n/formatters.js';
import { translator } from '../../client/i18n/messages.js';
import { AUTOMATION_MESSAGES } from '../../client/features/automation/automationMessages.js';
import { actorLabel, leadTime, leadTimeText, siteList } from '../../client/features/automation/ticketFormat.js';

const en = translator(AUTOMATION_MESSAGES, 'en');
const zh = translator(AUTOMATION_MESSAGES, 'zh-CN');
const fEn = createFormatters('en', 'Asia/Shanghai');
const fZh = createFormatters('zh-CN', 'Asia/Shanghai');
const MIN = 60_000;
const t0 = Date.UTC(2030, 0, 2, 0, 52);
const ticket = (o: Partial<Parameters<typeof leadTime>[0]>) => ({ openedAtMs: t0, firstBreachAtMs: null, state: 'open' as const, predictedBreachAtMs: null, ...o });

describe('lead time', () => {
  it('opened before the breach: good from 10 minutes, a warning below', () => {
    expect(leadTime(ticket({ firstBreachAtMs: t0 + 16 * MIN }), t0)).toEqual({ kind: 'before', minutes: 16, tone: 'ok' });
    expect(leadTime(ticket({ firstBreachAtMs: t0 + 5 * MIN }), t0).tone).toBe('warn');
    expect(leadTimeText(en, fEn, ticket({ firstBreachAtMs: t0 + 16 * MIN }), t0).text).toBe('opened 16m 0s before the SLA breach');
    expect(leadTimeText(en, fEn, ticket({ firstBreachAtMs: t0 + 16 * MIN }), t0, true).text).toBe('16m 0s before breach');
    expect(leadTimeText(zh, fZh, ticket({ firstBreachAtMs: t0 + 16 * MIN }), t0).text).toBe('在 SLA 违约前 16分0秒 开单');
  });
  it('after the breach is bad; resolved without one was prevented; a predicted one counts down from now', () => {
    expect(leadTimeText(en, fEn, ticket({ firstBreachAtMs: t0 - 90 * MIN }), t0)).toEqual({ text: 'opened 1h 30m after the SLA breach', tone: 'bad' });
    expect(leadTimeText(zh, fZh, ticket({ state: 'resolved' }), t0).text).toBe('已避免 SLA 违约');
    expect(leadTimeText(en, fEn, ticket({ predictedBreachAtMs: t0 + 40 * MIN }), t0 + 10 * MIN).text).toBe('breach predicted in 30m 0s');
    expect(leadTimeText(en, fEn, ticket({ predictedBreachAtMs: t0 + 40 * MIN }), t0 + 50 * MIN)).toEqual({ text: 'no breach yet', tone: 'muted' });
  });
});

describe('actors and sites', () => {
  it('says who acted', () => {
    expect(actorLabel(en, 'rule:baseband-fault')).toBe('rule baseband-fault');
    expect(actorLabel(zh, 'rule:baseband-fault')).toBe('规则 baseband-fault');
    expect(actorLabel(en, 'user:li.wei')).toBe('li.wei');
    expect(actorLabel(zh, 'verifier')).toBe('验证器');
    expect(actorLabel(en, 'something-new')).toBe('something-new');
  });
  it('lists the first three sites and how many more', () => {
    expect(siteList(en, [4])).toBe('4');
    expect(siteList(en, [4, 5, 6, 7, 8])).toBe('4, 5, 6 +2');
    expect(siteList(zh, [4, 5, 6, 7])).toBe('4, 5, 6 等 +1');
  });
});
