// Checks a password change before it is sent: the server's password rule (schema/access.ts), the repeat, and that it changes.
import { passwordSchema } from '../../../schema/access.js';

export type PasswordProblem =
  | { code: 'current-missing'; field: 'current' }
  | { code: 'too-short'; field: 'next'; length: number }
  | { code: 'too-long'; field: 'next' }
  | { code: 'differ'; field: 'repeat' }
  | { code: 'unchanged'; field: 'next' };

/** A new password alone against the server's rule: null when accepted. */
export function checkNewPassword(next: string): Extract<PasswordProblem, { field: 'next' }> | null {
  if (passwordSchema.safeParse(next).success) return null;
  return next.length < 12 ? { code: 'too-short', field: 'next', length: next.length } : { code: 'too-long', field: 'next' };
}

export function checkPasswordChange(current: string, next: string, repeat: string): PasswordProblem | null {
  if (!current) return { code: 'current-missing', field: 'current' };
  const rule = checkNewPassword(next);
  if (rule) return rule;
  if (next !== repeat) return { code: 'differ', field: 'repeat' };
  if (next === current) return { code: 'unchanged', field: 'next' };
  return null;
}
