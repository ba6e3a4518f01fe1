// What the sign-in page says about a refused sign-in: wrong credentials, a locked account, too many attempts.
import type { SignInFailure } from '../../api/authApi.js';

export function waitText(sec: number): string {
  const t = Math.ceil(sec);
  if (t <= 0) return 'now';
  const m = Math.floor(t / 60), s = t % 60;
  return m ? `${m} min${s ? ` ${s} s` : ''}` : `${s} s`;
}

/** The message for a failure, given the seconds still to wait (for locked / rate-limited). */
export function signInFailureText(f: SignInFailure, remainingSec: number | null): string {
  switch (f.kind) {
    case 'bad-credentials':
      return 'Wrong username or password.';
    case 'locked':
      return remainingSec === null
        ? 'This account is locked after repeated failed sign-ins. Try again later, or ask an administrator to unlock it.'
        : remainingSec > 0
          ? `This account is locked after repeated failed sign-ins. Try again in ${waitText(remainingSec)}, or ask an administrator to unlock it.`
          : 'The lock has expired: you can try again now.';
    case 'rate-limited':
      return remainingSec === null
        ? 'Too many sign-in attempts. Wait a moment and try again.'
        : remainingSec > 0 ? `Too many sign-in attempts. Try again in ${waitText(remainingSec)}.` : 'You can try again now.';
    case 'invalid':
      return `Check the username and password: ${f.message}`;
    case 'unavailable':
      return f.message;
  }
}
