// Pins the admin page's URL state and the checks its forms run before sending anything (the server's own rules).
import { describe, expect, it } from 'vitest';
import { checkNewUser, checkTokenRequest, parseExpiryDays } from '../../client/features/admin/adminChecks.js';
import { ADMIN_VIEW } from '../../client/features/admin/adminUrl.js';
import { draftOf } from '../../client/features/admin/scopeDraft.js';
import { checkPasswordChange } from '../../client/features/account/passwordCheck.js';
import { roleWords } from '../../client/features/account/roleNames.js';

const ok = { username: 'li.wei', displayName: 'Li Wei', password: 'twelve-chars-ok', roles: ['noc' as const], scope: draftOf(null) };

describe('new user checks', () => {
  it('accepts a valid user', () => {
    expect(checkNewUser(ok)).toBeNull();
  });
  it('names the first problem and its field', () => {
    expect(checkNewUser({ ...ok, username: 'L' })).toMatchObject({ field: 'username', key: 'check.usernameShort' });
    expect(checkNewUser({ ...ok, username: 'Li Wei' })).toMatchObject({ field: 'username', key: 'check.usernameChars' });
    expect(checkNewUser({ ...ok, password: 'short' })).toEqual({ field: 'password', key: 'check.passwordShort', params: { n: 5 } });
    expect(checkNewUser({ ...ok, roles: [] })).toMatchObject({ field: 'roles', key: 'check.roles' });
    expect(checkNewUser({ ...ok, scope: { limited: true, regions: [], provinces: [] } })).toMatchObject({ field: 'scope', key: 'check.scope' });
  });
});

describe('token checks', () => {
  it('reads the expiry as whole days 1-3650 or empty for never', () => {
    expect(parseExpiryDays('')).toEqual({ ok: true, days: null });
    expect(parseExpiryDays(' 90 ')).toEqual({ ok: true, days: 90 });
    for (const bad of ['0', '3651', '1.5', '-3', 'soon']) expect(parseExpiryDays(bad)).toEqual({ ok: false });
  });
  it('refuses a missing label, a bad expiry and no user', () => {
    expect(checkTokenRequest({ username: 'admin', label: 'nightly', expires: '30' })).toBeNull();
    expect(checkTokenRequest({ username: 'admin', label: '  ', expires: '30' })).toMatchObject({ field: 'label' });
    expect(checkTokenRequest({ username: 'admin', label: 'x', expires: '0' })).toMatchObject({ field: 'expiry', key: 'check.expiry' });
    expect(checkTokenRequest({ username: '', label: 'x', expires: '' })).toMatchObject({ field: 'tokenUser' });
  });
});

describe('password change checks', () => {
  it('checks the rule, the repeat and that it changes', () => {
    expect(checkPasswordChange('', 'new-password-12', 'new-password-12')).toMatchObject({ code: 'current-missing' });
    expect(checkPasswordChange('old-password-1', 'short', 'short')).toEqual({ code: 'too-short', field: 'next', length: 5 });
    expect(checkPasswordChange('old-password-1', 'new-password-12', 'new-password-13')).toMatchObject({ code: 'differ', field: 'repeat' });
    expect(checkPasswordChange('same-password-1', 'same-password-1', 'same-password-1')).toMatchObject({ code: 'unchanged' });
    expect(checkPasswordChange('old-password-1', 'new-password-12', 'new-password-12')).toBeNull();
  });
});

describe('admin URL state', () => {
  it('reads tab, user, new-user form, token filter and audit filters, dropping malformed days and unknown actions', () => {
    const p = new URLSearchParams('tab=audit&user=li.wei&new=1&of=admin&from=2030-01-02&to=not-a-day&actor=x&action=nope');
    expect(ADMIN_VIEW.read(p)).toEqual({
      tab: 'audit', user: 'li.wei', creating: true, tokensOf: 'admin',
      audit: { fromDay: '2030-01-02', toDay: '', actor: 'x', action: '' },
    });
  });
  it('writes only what differs from the defaults', () => {
    const p = new URLSearchParams();
    ADMIN_VIEW.write({ tab: 'users', user: null, creating: false, tokensOf: null, audit: { fromDay: '', toDay: '', actor: '', action: 'token.issued' } }, p);
    expect(p.toString()).toBe('action=token.issued');
  });
});

describe('role words', () => {
  it('names roles and scopes in the reader\'s language (the server keeps English)', () => {
    const zh = roleWords('zh-CN');
    expect(zh.name('noc')).toBe('NOC 工程师');
    expect(zh.list(['admin', 'exec'])).toBe('系统管理员、管理层');
    expect(zh.list([])).toBe('无角色');
    expect(zh.scope(null)).toBe('全部区域');
    expect(zh.scope({ regions: ['East'], provinces: ['Hainan'] })).toBe('华东区域、海南');
    expect(roleWords('en').scope({ regions: ['East'], provinces: ['Hainan'] })).toBe('region East, Hainan');
    expect(roleWords('en').description('pm')).toBe('revenue, ARPU, quota burn, exports');
    expect(roleWords('zh-CN').description('exec')).toBe('报告和只读视图');
  });
});
