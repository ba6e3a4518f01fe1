// Pins the autonomy views' wording in both languages: suggestions awaiting approval, verdicts and who gave them, who
// pulled the brake, the timeline's labels of autonomy events, the mix's shares and the blocklist's id parsing.
import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../schema/autonomy.js';
import { translator } from '../../client/i18n/messages.js';
import { AUTOMATION_MESSAGES } from '../../client/features/automation/automationMessages.js';
import { awaitingApproval, brakeOrigin, mixShares, parseIdList, verdictText } from '../../client/features/automation/autonomyFormat.js';
import { eventLabel } from '../../client/features/automation/ticketFormat.js';
import { vocabulary } from '../../client/features/automation/ticketVocabulary.js';

const en = translator(AUTOMATION_MESSAGES, 'en');
const zh = translator(AUTOMATION_MESSAGES, 'zh-CN');
const vEn = vocabulary(en), vZh = vocabulary(zh);

const proposal = (status: Proposal['status']): Proposal => ({
  runbook: 'restart_baseband', ruleId: 'baseband-fault', params: { site_id: '4' }, atMs: 0, status, decidedBy: null, decidedAtMs: null, note: '',
});

describe('verdicts', () => {
  it('names who judged a ticket, in the reader’s language', () => {
    expect(verdictText(en, vEn, { verdict: 'true', verdictBy: 'automation' })).toEqual({ text: 'real problem (automation)', tone: 'ok' });
    expect(verdictText(en, vEn, { verdict: 'false', verdictBy: 'user:li.wei' })).toEqual({ text: 'false ticket (li.wei)', tone: 'bad' });
    expect(verdictText(en, vEn, { verdict: null, verdictBy: null })).toEqual({ text: 'unjudged', tone: 'muted' });
    expect(verdictText(zh, vZh, { verdict: 'true', verdictBy: 'automation' }).text).toBe('真实问题（自动化）');
    expect(verdictText(zh, vZh, { verdict: 'false', verdictBy: 'user:li.wei' }).text).toBe('误报（li.wei）');
  });
});

describe('awaitingApproval', () => {
  it('is the runbook of a pending suggestion on an open ticket only', () => {
    expect(awaitingApproval({ state: 'open', proposal: proposal('pending') })).toBe('restart_baseband');
    expect(awaitingApproval({ state: 'open', proposal: proposal('observed') })).toBeNull();
    expect(awaitingApproval({ state: 'resolved', proposal: proposal('expired') })).toBeNull();
    expect(awaitingApproval({ state: 'open', proposal: null })).toBeNull();
  });
});

describe('the brake', () => {
  it('says who pulled it, when and why (a person by name, a file as itself)', () => {
    const at = Date.UTC(2030, 0, 2, 2, 34);
    expect(brakeOrigin(en, { on: true, by: 'user:admin', atMs: at, reason: 'core upgrade' })).toEqual({ by: 'admin', atMs: at, reason: 'core upgrade' });
    expect(brakeOrigin(en, { on: true, by: 'policy file', atMs: null, reason: '' })).toEqual({ by: 'policy file', atMs: null, reason: null });
    expect(brakeOrigin(en, { on: true, by: null, atMs: null, reason: '' })).toEqual({ by: null, atMs: null, reason: null });
  });
});

describe('timeline labels', () => {
  it('labels each autonomy event kind from its data', () => {
    expect(eventLabel(en, vEn, { kind: 'proposal', data: { runbook: 'restart_baseband', status: 'pending' } })).toBe('suggested restart_baseband');
    expect(eventLabel(en, vEn, { kind: 'proposal', data: { runbook: 'restart_baseband', status: 'observed' } })).toBe('observed restart_baseband');
    expect(eventLabel(en, vEn, { kind: 'approval', data: { runbook: 'restart_baseband' } })).toBe('approved restart_baseband');
    expect(eventLabel(en, vEn, { kind: 'guard', data: { guard: 'actions-per-site' } })).toBe('refused by guard actions-per-site');
    expect(eventLabel(en, vEn, { kind: 'maintenance', data: null })).toBe('maintenance hold');
    expect(eventLabel(en, vEn, { kind: 'inhibited', data: { foldedTicketId: 7 } })).toBe('folded #7 in');
    expect(eventLabel(en, vEn, { kind: 'verdict', data: { verdict: 'false' } })).toBe('verdict: false ticket');
    expect(eventLabel(en, vEn, { kind: 'breach', data: null })).toBe('SLA breach');
  });
  it('in Chinese too, runbook names kept as they are', () => {
    expect(eventLabel(zh, vZh, { kind: 'approval', data: { runbook: 'restart_baseband' } })).toBe('已批准 restart_baseband');
    expect(eventLabel(zh, vZh, { kind: 'verdict', data: { verdict: 'true' } })).toBe('判定：真实问题');
    expect(eventLabel(zh, vZh, { kind: 'alert', data: null })).toBe('告警');
  });
});

describe('policy editing helpers', () => {
  it('parses a blocklist field into sorted distinct ids, refusing anything else', () => {
    expect(parseIdList(' 12, 3 7;3 ')).toEqual([3, 7, 12]);
    expect(parseIdList('12，3、7')).toEqual([3, 7, 12]);
    expect(parseIdList('')).toEqual([]);
    expect(parseIdList('4, x')).toBeNull();
    expect(parseIdList('-1')).toBeNull();
  });
  it('counts the mix by level', () => {
    const mix = {
      fromMs: 0, toMs: 1, observe: { tickets: 2 }, suggest: { proposed: 5, approved: 3, rejected: 1, expired: 1, pending: 0 },
      auto: { actions: 7, resolved: 6, escalated: 1 }, refusedByGuard: 1, approvalRate: 0.75,
    };
    expect(mixShares(mix)).toEqual({ observe: 2, suggest: 5, auto: 7, total: 14 });
  });
});
