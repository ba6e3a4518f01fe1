// A user's and a token's state (active, disabled, locked, expired, revoked) as codes the views word in the reader's language.
import type { TokenInfo, UserInfo } from '../../../schema/access.js';

export type Tone = 'good' | 'warn' | 'bad' | 'muted';

export function isLocked(u: Pick<UserInfo, 'lockedUntilMs'>, nowMs: number): boolean {
  return u.lockedUntilMs !== null && u.lockedUntilMs > nowMs;
}

export type UserState = { state: 'active' | 'disabled'; tone: Tone } | { state: 'locked'; untilMs: number; tone: Tone };

export function userStatus(u: UserInfo, nowMs: number): UserState {
  if (u.disabled) return { state: 'disabled', tone: 'muted' };
  if (isLocked(u, nowMs)) return { state: 'locked', untilMs: u.lockedUntilMs!, tone: 'bad' };
  return { state: 'active', tone: 'good' };
}

export type TokenState = { state: 'active' | 'expired'; tone: Tone; active: boolean } | { state: 'revoked'; atMs: number; tone: Tone; active: false };

export function tokenStatus(t: TokenInfo, nowMs: number): TokenState {
  if (t.revokedAtMs !== null) return { state: 'revoked', atMs: t.revokedAtMs, tone: 'muted', active: false };
  if (t.expiresAtMs !== null && t.expiresAtMs <= nowMs) return { state: 'expired', tone: 'warn', active: false };
  return { state: 'active', tone: 'good', active: true };
}

/** A compact one-line rendering of an audit entry's before/after value. */
export function auditValueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
