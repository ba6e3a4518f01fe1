// Pins what the sign-in page says for each refusal and the SSO route's URL parts.
import { describe, expect, it } from 'vitest';
import { signInFailureText, waitText } from '../../client/features/signin/signInMessages.js';
import { returnToHash, ssoErrorOf } from '../../client/features/signin/signInRoute.js';

describe('signInFailureText', () => {
  it('does not say which of user name or password was wrong', () => {
    expect(signInFailureText({ kind: 'bad-credentials', message: 'no such user' }, null)).toBe('Wrong username or password.');
  });
  it('gives the wait of a locked account and of a rate limit', () => {
    expect(signInFailureText({ kind: 'locked', message: '', retryAfterSec: 860 }, 860)).toContain('Try again in 14 min 20 s');
    expect(signInFailureText({ kind: 'rate-limited', message: '', retryAfterSec: 42 }, 42)).toBe('Too many sign-in attempts. Try again in 42 s.');
    expect(signInFailureText({ kind: 'rate-limited', message: '', retryAfterSec: 42 }, 0)).toBe('You can try again now.');
  });
  it('says the same in Chinese', () => {
    expect(signInFailureText({ kind: 'bad-credentials', message: 'no such user' }, null, 'zh-CN')).toBe('用户名或密码错误。');
    expect(signInFailureText({ kind: 'rate-limited', message: '', retryAfterSec: 42 }, 42, 'zh-CN')).toBe('登录尝试次数过多，请在 42 秒后重试。');
    expect(waitText(860, 'zh-CN')).toBe('14 分 20 秒');
    // The server's own words for invalid input are kept (they come in English).
    expect(signInFailureText({ kind: 'invalid', message: 'username too long' }, null, 'zh-CN')).toBe('请检查用户名和密码：username too long');
  });
  it('words waits in minutes and seconds', () => {
    expect(waitText(60)).toBe('1 min');
    expect(waitText(59.2)).toBe('1 min');
    expect(waitText(61)).toBe('1 min 1 s');
    expect(waitText(0)).toBe('now');
  });
});

describe('sign-in route', () => {
  it('reads the SSO error only from the sign-in route', () => {
    expect(ssoErrorOf('#/signin?error=access%20denied')).toBe('access denied');
    expect(ssoErrorOf('#/signin')).toBeNull();
    expect(ssoErrorOf('#/noc?error=x')).toBeNull();
  });
  it('returns to the current page after SSO, not to sign-in', () => {
    expect(returnToHash('#/revenue')).toBe('#/revenue');
    expect(returnToHash('#/signin?error=x')).toBe('');
  });
});
