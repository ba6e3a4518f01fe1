// How the admin page words a user's and a token's state (active, disabled, locked, expired, revoked).
import type { TokenInfo, UserInfo } from '../../../schema/access.js';
import { formatUtc } from '../../ui/formatNumbers.js';

export type Tone = 'good' | 'warn' | 'bad' | 'muted';

export function isLocked(u: Pick<UserInfo, 'lockedUntilMs'>, nowMs: number): boolean {
  return u.lockedUntilMs !== null && u.lockedUntilMs > nowMs;
}

export function userStatus(u: UserInfo, nowMs: number): { text: string; tone: Tone } {
  if (u.disabled) return { text: 'disabled', tone: 'muted' };
  if (isLocked(u, nowMs)) return { text: `locked until ${formatUtc(u.lockedUntilMs)}`, tone: 'bad' };
  return { text: 'active', tone: 'good' };
}

export function tokenStatus(t: TokenInfo, nowMs: number): { text: string; tone: Tone; active: boolean } {
  if (t.revokedAtMs !== null) return { text: `revoked ${formatUtc(t.revokedAtMs)}`, tone: 'muted', active: false };
  if (t.expiresAtMs !== null && t.expiresAtMs <= nowMs) return { text: 'expired', tone: 'warn', active: false };
  return { text: 'active', tone: 'good', active: true };
}

/** A compact one-line rendering of an audit entry's before/after value. */
export function auditValueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
