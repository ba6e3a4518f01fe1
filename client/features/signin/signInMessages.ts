// The sign-in page's words in English and Chinese, and what it says about a refused sign-in: wrong credentials, a locked
// account, too many attempts (the server's own message is shown as it comes for invalid input and outages).
import type { SignInFailure } from '../../api/authApi.js';
import { defineMessages, translator } from '../../i18n/messages.js';
import type { Locale } from '../../i18n/locale.js';

export const SIGNIN_MESSAGES = defineMessages({
  title: 'Sign in',
  tagline: 'Network assurance, token revenue and autonomous operations',
  language: 'Language',
  username: 'Username',
  password: 'Password',
  submit: 'Sign in',
  signingIn: 'Signing in…',
  or: 'or',
  sso: 'Sign in with {label}',
  ssoFailed: 'Single sign-on failed: {error}',
  expired: 'Your session has ended. Sign in again to continue where you were.',
  missingUsername: 'Enter your username.',
  missingPassword: 'Enter your password.',
  badCredentials: 'Wrong username or password.',
  locked: 'This account is locked after repeated failed sign-ins. Try again later, or ask an administrator to unlock it.',
  lockedFor: 'This account is locked after repeated failed sign-ins. Try again in {wait}, or ask an administrator to unlock it.',
  lockExpired: 'The lock has expired: you can try again now.',
  rateLimited: 'Too many sign-in attempts. Wait a moment and try again.',
  rateLimitedFor: 'Too many sign-in attempts. Try again in {wait}.',
  tryNow: 'You can try again now.',
  invalid: 'Check the username and password: {message}',
  waitNow: 'now',
  waitMin: '{m} min',
  waitMinSec: '{m} min {s} s',
  waitSec: '{s} s',
}, {
  title: '登录',
  tagline: '网络保障、Token 收入与自治运维',
  language: '语言',
  username: '用户名',
  password: '密码',
  submit: '登录',
  signingIn: '正在登录…',
  or: '或',
  sso: '使用 {label} 登录',
  ssoFailed: '单点登录失败：{error}',
  expired: '会话已结束。请重新登录，以回到之前的页面。',
  missingUsername: '请输入用户名。',
  missingPassword: '请输入密码。',
  badCredentials: '用户名或密码错误。',
  locked: '多次登录失败，该账户已被锁定。请稍后再试，或联系管理员解锁。',
  lockedFor: '多次登录失败，该账户已被锁定。请在 {wait}后重试，或联系管理员解锁。',
  lockExpired: '锁定已解除，现在可以重试。',
  rateLimited: '登录尝试次数过多，请稍候再试。',
  rateLimitedFor: '登录尝试次数过多，请在 {wait}后重试。',
  tryNow: '现在可以重试。',
  invalid: '请检查用户名和密码：{message}',
  waitNow: '现在',
  waitMin: '{m} 分钟',
  waitMinSec: '{m} 分 {s} 秒',
  waitSec: '{s} 秒',
});

const words = (locale: Locale) => translator(SIGNIN_MESSAGES, locale);

export function waitText(sec: number, locale: Locale = 'en'): string {
  const t = words(locale);
  const total = Math.ceil(sec);
  if (total <= 0) return t('waitNow');
  const m = String(Math.floor(total / 60)), s = String(total % 60);
  return total >= 60 ? (total % 60 ? t('waitMinSec', { m, s }) : t('waitMin', { m })) : t('waitSec', { s });
}

/** The message for a failure, given the seconds still to wait (for locked / rate-limited). */
export function signInFailureText(f: SignInFailure, remainingSec: number | null, locale: Locale = 'en'): string {
  const t = words(locale);
  switch (f.kind) {
    case 'bad-credentials':
      return t('badCredentials');
    case 'locked':
      return remainingSec === null ? t('locked') : remainingSec > 0 ? t('lockedFor', { wait: waitText(remainingSec, locale) }) : t('lockExpired');
    case 'rate-limited':
      return remainingSec === null ? t('rateLimited') : remainingSec > 0 ? t('rateLimitedFor', { wait: waitText(remainingSec, locale) }) : t('tryNow');
    case 'invalid':
      return t('invalid', { message: f.message });
    case 'unavailable':
      return f.message;
  }
}
