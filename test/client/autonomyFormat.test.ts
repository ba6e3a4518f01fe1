// Pins the autonomy views' wording: money per hour, suggestions awaiting approval, verdicts, the brake's sentence,
// timeline labels of the autonomy events, guard windows and the blocklist's id parsing.
import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../schema/autonomy.js';
import {
  awaitingApproval, brakeOrigin, brakeSentence, eventLabel, formatFenPerHour, formatRate, formatWindow, mixShares, parseIdList, verdictText,
} from '../../client/features/automation/autonomyFormat.js';

const proposal = (status: Proposal['status']): Proposal => ({
  runbook: 'restart_baseband', ruleId: 'baseband-fault', params: { site_id: '4' }, atMs: 0, status, decidedBy: null, decidedAtMs: null, note: '',
});

describe('money and verdicts', () => {
  it('prints revenue at risk per hour from integer fen, and a dash for an unpriced ticket', () => {
    expect(formatFenPerHour(123456)).toBe('¥1,234.56/h');
    expect(formatFenPerHour(5)).toBe('¥0.05/h');
    expect(formatFenPerHour(null)).toBe('—');
  });
  it('names who judged a ticket', () => {
    expect(verdictText({ verdict: 'true', verdictBy: 'automation' })).toEqual({ text: 'real problem (automation)', tone: 'good' });
    expect(verdictText({ verdict: 'false', verdictBy: 'user:li.wei' })).toEqual({ text: 'false ticket (li.wei)', tone: 'bad' });
    expect(verdictText({ verdict: null, verdictBy: null })).toEqual({ text: 'unjudged', tone: 'muted' });
  });
  it('rounds the approval rate to whole percent', () => {
    expect(formatRate(2 / 3)).toBe('67 %');
    expect(formatRate(null)).toBe('—');
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
  it('says who pulled it, when (UTC) and why', () => {
    const b = { on: true, by: 'admin', atMs: Date.UTC(2030, 0, 2, 2, 34), reason: 'core upgrade' };
    expect(brakeSentence(b)).toBe('Brake on: every rule suggests at most — by admin at 01-02 02:34Z: core upgrade');
    expect(brakeOrigin({ ...b, reason: '' })).toBe('by admin at 01-02 02:34Z');
  });
  it('leaves out what is not known (a broken policy file brakes with no time)', () => {
    expect(brakeSentence({ on: true, by: 'policy file', atMs: null, reason: 'the autonomy policy file has 1 problem(s)' }))
      .toBe('Brake on: every rule suggests at most — by policy file: the autonomy policy file has 1 problem(s)');
    expect(brakeSentence({ on: true, by: null, atMs: null, reason: '' })).toBe('Brake on: every rule suggests at most');
  });
});

describe('timeline labels', () => {
  it('labels each autonomy event kind from its data', () => {
    expect(eventLabel({ kind: 'proposal', data: { runbook: 'restart_baseband', status: 'pending' } })).toBe('suggested restart_baseband');
    expect(eventLabel({ kind: 'proposal', data: { runbook: 'restart_baseband', status: 'observed' } })).toBe('observed restart_baseband');
    expect(eventLabel({ kind: 'approval', data: { runbook: 'restart_baseband' } })).toBe('approved restart_baseband');
    expect(eventLabel({ kind: 'guard', data: { guard: 'actions-per-site' } })).toBe('refused by guard actions-per-site');
    expect(eventLabel({ kind: 'maintenance', data: null })).toBe('maintenance hold');
    expect(eventLabel({ kind: 'inhibited', data: { foldedTicketId: 7 } })).toBe('folded #7 in');
    expect(eventLabel({ kind: 'verdict', data: { verdict: 'false' } })).toBe('verdict: false ticket');
    expect(eventLabel({ kind: 'breach', data: null })).toBe('breach');
  });
});

describe('policy editing helpers', () => {
  it('formats guard windows in minutes and hours', () => {
    expect(formatWindow(15 * 60_000)).toBe('15 min');
    expect(formatWindow(3_600_000)).toBe('1 h');
    expect(formatWindow(90 * 60_000)).toBe('1 h 30 min');
  });
  it('parses a blocklist field into sorted distinct ids, refusing anything else', () => {
    expect(parseIdList(' 12, 3 7;3 ')).toEqual([3, 7, 12]);
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
