// Pins the audit filters' translation: days (UTC or the operator's zone) to an exclusive ms range, empty filters left out, a reversed range spotted, the CSV link carrying the same filters.
import { describe, expect, it } from 'vitest';
import { auditCsvHref, auditQueryOf, dayStartMs, isReversed, NO_AUDIT_FILTERS } from '../../client/features/admin/auditQuery.js';

describe('auditQueryOf', () => {
  it('sends only the page size when nothing is filtered', () => {
    expect(auditQueryOf(NO_AUDIT_FILTERS)).toEqual({ limit: 200 });
  });
  it('reads days as UTC and runs the "to" day through its last millisecond', () => {
    const q = auditQueryOf({ fromDay: '2030-01-02', toDay: '2030-01-03', actor: ' li.wei ', action: 'auth.login' }, 57);
    // 2030-01-02T00:00Z = 1893542400000; the to day ends at 2030-01-04T00:00Z, exclusive.
    expect(q).toEqual({ limit: 200, fromMs: 1893542400000, toMs: 1893542400000 + 2 * 86_400_000, actor: 'li.wei', action: 'auth.login', beforeSeq: 57 });
  });
});

describe('days in the operator\'s zone', () => {
  it('starts a Shanghai day 8 hours before the UTC one', () => {
    // 2030-01-02T00:00+08:00 = 2030-01-01T16:00Z.
    expect(dayStartMs('2030-01-02', 'Asia/Shanghai')).toBe(Date.UTC(2030, 0, 1, 16));
    const q = auditQueryOf({ fromDay: '2030-01-02', toDay: '2030-01-02', actor: '', action: '' }, undefined, 200, 'Asia/Shanghai');
    expect(q).toEqual({ limit: 200, fromMs: Date.UTC(2030, 0, 1, 16), toMs: Date.UTC(2030, 0, 2, 16) });
  });
  it('follows a daylight-saving change (New York, 2030-03-10 is 23 hours long)', () => {
    expect(dayStartMs('2030-03-10', 'America/New_York')).toBe(Date.UTC(2030, 2, 10, 5));
    expect(dayStartMs('2030-03-11', 'America/New_York')).toBe(Date.UTC(2030, 2, 11, 4));
    expect(dayStartMs('nope', 'UTC')).toBeUndefined();
  });
  it('spots a reversed range (the panel refuses it instead of asking)', () => {
    expect(isReversed({ fromDay: '2030-01-05', toDay: '2030-01-04' })).toBe(true);
    expect(isReversed({ fromDay: '2030-01-05', toDay: '2030-01-05' })).toBe(false);
    expect(isReversed({ fromDay: '2030-01-05', toDay: '' })).toBe(false);
  });
});

describe('auditCsvHref', () => {
  it('is the bare export path without filters', () => {
    expect(auditCsvHref(NO_AUDIT_FILTERS)).toBe('/admin/audit.csv');
  });
  it('carries the same range, actor and action as the table', () => {
    const f = { fromDay: '2030-01-02', toDay: '', actor: 'a b', action: 'token.issued' as const };
    expect(auditCsvHref(f)).toBe('/admin/audit.csv?from=1893542400000&actor=a+b&action=token.issued');
  });
});
