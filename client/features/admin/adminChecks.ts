// The admin forms' checks before anything is sent, against the server's own rules (schema/access.ts): each problem a code
// the form words in the reader's language, with the field it belongs to.
import { usernameSchema, type Role } from '../../../schema/access.js';
import { checkNewPassword } from '../account/passwordCheck.js';
import { scopeOfDraft, type ScopeDraft } from './scopeDraft.js';
import type { ADMIN_MESSAGES } from './adminMessages.js';

type CheckKey = keyof typeof ADMIN_MESSAGES.en & `check.${string}`;

export interface FormProblem {
  /** The field to mark (aria-invalid) and focus. */
  field: 'username' | 'displayName' | 'password' | 'roles' | 'scope' | 'label' | 'expiry' | 'tokenUser';
  key: CheckKey;
  params?: Record<string, string | number>;
}

export function checkUsername(name: string): FormProblem | null {
  if (usernameSchema.safeParse(name).success) return null;
  const n = name.trim();
  if (n.length < 2) return { field: 'username', key: 'check.usernameShort' };
  if (n.length > 64) return { field: 'username', key: 'check.usernameLong' };
  return { field: 'username', key: 'check.usernameChars' };
}

export function checkPassword(password: string): FormProblem | null {
  const p = checkNewPassword(password);
  if (!p) return null;
  return p.code === 'too-short' ? { field: 'password', key: 'check.passwordShort', params: { n: p.length } } : { field: 'password', key: 'check.passwordLong' };
}

export function checkDisplayName(name: string): FormProblem | null {
  return name.trim().length > 128 ? { field: 'displayName', key: 'check.displayName' } : null;
}

export function checkRolesAndScope(roles: readonly Role[], scope: ScopeDraft): FormProblem | null {
  if (roles.length === 0) return { field: 'roles', key: 'check.roles' };
  return scopeOfDraft(scope).ok ? null : { field: 'scope', key: 'check.scope' };
}

/** The first problem of a new user, in the form's order. */
export function checkNewUser(u: { username: string; displayName: string; password: string; roles: readonly Role[]; scope: ScopeDraft }): FormProblem | null {
  return checkUsername(u.username) ?? checkDisplayName(u.displayName) ?? checkPassword(u.password) ?? checkRolesAndScope(u.roles, u.scope);
}

/** Expiry typed in days: empty is "never", else a whole number of days from 1 to 3650. */
export function parseExpiryDays(text: string): { ok: true; days: number | null } | { ok: false } {
  const s = text.trim();
  if (s === '') return { ok: true, days: null };
  if (!/^\d+$/.test(s)) return { ok: false };
  const days = Number(s);
  return days >= 1 && days <= 3650 ? { ok: true, days } : { ok: false };
}

export function checkTokenRequest(r: { username: string; label: string; expires: string }): FormProblem | null {
  if (!r.username) return { field: 'tokenUser', key: 'check.tokenUser' };
  const label = r.label.trim();
  if (!label || label.length > 128) return { field: 'label', key: 'check.label' };
  return parseExpiryDays(r.expires).ok ? null : { field: 'expiry', key: 'check.expiry' };
}
