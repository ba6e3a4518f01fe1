// Pins the audit filters' translation: UTC days to an exclusive ms range, empty filters left out, the CSV link carrying the same filters.
import { describe, expect, it } from 'vitest';
import { auditCsvHref, auditQueryOf, NO_AUDIT_FILTERS } from '../../client/features/admin/auditQuery.js';

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

describe('auditCsvHref', () => {
  it('is the bare export path without filters', () => {
    expect(auditCsvHref(NO_AUDIT_FILTERS)).toBe('/admin/audit.csv');
  });
  it('carries the same range, actor and action as the table', () => {
    const f = { fromDay: '2030-01-02', toDay: '', actor: 'a b', action: 'token.issued' as const };
    expect(auditCsvHref(f)).toBe('/admin/audit.csv?from=1893542400000&actor=a+b&action=token.issued');
  });
});
