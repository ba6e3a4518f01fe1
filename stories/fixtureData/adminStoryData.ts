// Hand-written identity data for the admin and sign-in stories: a few users of each kind, their tokens, a stretch of audit trail.
import type { AuditChainCheck, AuditEntry, SessionInfo, TokenInfo, UserInfo } from '../../schema/access.js';
import { permissionsOf } from '../../schema/access.js';

const T0 = Date.UTC(2030, 0, 2, 8, 0);
const MIN = 60_000;

export const adminNowMs = T0 + 6 * 60 * MIN;

export const storyUsers: UserInfo[] = [
  { username: 'admin', displayName: 'Administrator', roles: ['admin'], scope: null, disabled: false, source: 'local', createdAtMs: T0 - 30 * 1440 * MIN, lastLoginMs: T0 + 355 * MIN, lockedUntilMs: null },
  { username: 'li.wei', displayName: 'Li Wei', roles: ['noc'], scope: { regions: ['East'], provinces: [] }, disabled: false, source: 'local', createdAtMs: T0 - 20 * 1440 * MIN, lastLoginMs: T0 + 120 * MIN, lockedUntilMs: null },
  { username: 'zhang.min', displayName: 'Zhang Min', roles: ['pm'], scope: { regions: [], provinces: ['Guangdong', 'Hainan'] }, disabled: false, source: 'local', createdAtMs: T0 - 12 * 1440 * MIN, lastLoginMs: null, lockedUntilMs: adminNowMs + 14 * MIN },
  { username: 'chen.exec@corp.example', displayName: 'Chen Jing', roles: ['exec'], scope: null, disabled: false, source: 'oidc', createdAtMs: T0 - 2 * 1440 * MIN, lastLoginMs: T0 + 300 * MIN, lockedUntilMs: null },
  { username: 'rules.bot', displayName: 'Rule maintainer', roles: ['automation-admin'], scope: null, disabled: true, source: 'local', createdAtMs: T0 - 40 * 1440 * MIN, lastLoginMs: T0 - 9 * 1440 * MIN, lockedUntilMs: null },
  { username: 'ingest.probe', displayName: 'Probe feed', roles: ['producer'], scope: null, disabled: false, source: 'local', createdAtMs: T0 - 5 * 1440 * MIN, lastLoginMs: null, lockedUntilMs: null },
];

export const storyTokens: TokenInfo[] = [
  { tokenId: '3f9a1c07d2e84b61', username: 'ingest.probe', label: 'probe feed (site agents)', createdAtMs: T0 - 5 * 1440 * MIN, createdBy: 'admin', expiresAtMs: T0 + 85 * 1440 * MIN, lastUsedAtMs: adminNowMs - 2 * MIN, revokedAtMs: null },
  { tokenId: '8b02e4f6a9c1d357', username: 'zhang.min', label: 'nightly revenue export', createdAtMs: T0 - 10 * 1440 * MIN, createdBy: 'admin', expiresAtMs: null, lastUsedAtMs: T0 - 6 * 60 * MIN, revokedAtMs: null },
  { tokenId: 'c4d5e6f708192a3b', username: 'ingest.probe', label: 'old probe key', createdAtMs: T0 - 120 * 1440 * MIN, createdBy: 'admin', expiresAtMs: T0 - 30 * 1440 * MIN, lastUsedAtMs: T0 - 31 * 1440 * MIN, revokedAtMs: null },
  { tokenId: '0aa1b2c3d4e5f607', username: 'li.wei', label: 'laptop script', createdAtMs: T0 - 3 * 1440 * MIN, createdBy: 'admin', expiresAtMs: T0 + 27 * 1440 * MIN, lastUsedAtMs: null, revokedAtMs: T0 + 30 * MIN },
];

export const storyIssuedToken = {
  token: { tokenId: '5e6f7a8b9c0d1e2f', username: 'zhang.min', label: 'quarterly board pack', createdAtMs: adminNowMs, createdBy: 'admin', expiresAtMs: adminNowMs + 90 * 1440 * MIN, lastUsedAtMs: null, revokedAtMs: null },
  secret: 'odk_5e6f7a8b9c0d1e2f_Yk3pQ9vT2mX8rL4sW7nB1cF6hJ0dG5aZ',
};

/** Fake but well-formed chain hashes: each entry's prevHash is the previous entry's hash. */
function hashOf(seq: number): string {
  let h = (seq * 2654435761) >>> 0;
  let out = '';
  for (let i = 0; i < 8; i++) { h = (h * 1103515245 + 12345) >>> 0; out += h.toString(16).padStart(8, '0'); }
  return out;
}

const rows: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[] = [
  { atMs: T0, actor: 'admin', action: 'auth.login', target: 'admin', before: null, after: { method: 'password' }, ip: '10.20.0.5' },
  { atMs: T0 + 2 * MIN, actor: 'admin', action: 'user.created', target: 'li.wei', before: null, after: { roles: ['noc'], scope: { regions: ['East'], provinces: [] } }, ip: '10.20.0.5' },
  { atMs: T0 + 3 * MIN, actor: 'admin', action: 'token.issued', target: 'ingest.probe', before: null, after: { tokenId: '3f9a1c07d2e84b61', label: 'probe feed (site agents)', expiresAtMs: T0 + 85 * 1440 * MIN }, ip: '10.20.0.5' },
  { atMs: T0 + 31 * MIN, actor: 'admin', action: 'token.revoked', target: 'li.wei', before: { tokenId: '0aa1b2c3d4e5f607' }, after: { revokedAtMs: T0 + 30 * MIN }, ip: '10.20.0.5' },
  { atMs: T0 + 62 * MIN, actor: 'li.wei', action: 'auth.login', target: 'li.wei', before: null, after: { method: 'password' }, ip: '10.20.4.17' },
  { atMs: T0 + 64 * MIN, actor: 'li.wei', action: 'ticket.acknowledged', target: 'ticket 12', before: { acknowledgedBy: null }, after: { acknowledgedBy: 'li.wei' }, ip: '10.20.4.17' },
  { atMs: T0 + 70 * MIN, actor: 'heal-loop', action: 'remediation.started', target: 'ticket 12', before: { state: 'open' }, after: { state: 'acting', runbook: 'restart-baseband' }, ip: null },
  { atMs: T0 + 79 * MIN, actor: 'heal-loop', action: 'remediation.finished', target: 'ticket 12', before: { state: 'verifying' }, after: { state: 'resolved', recoveredKpis: ['latency_p95_ms', 'packet_loss_pct'] }, ip: null },
  { atMs: T0 + 180 * MIN, actor: 'zhang.min', action: 'auth.login_failed', target: 'zhang.min', before: null, after: { reason: 'wrong password' }, ip: '10.30.1.9' },
  { atMs: T0 + 181 * MIN, actor: 'system', action: 'auth.locked', target: 'zhang.min', before: null, after: { untilMs: adminNowMs + 14 * MIN, failures: 5 }, ip: '10.30.1.9' },
  { atMs: T0 + 240 * MIN, actor: 'admin', action: 'rule.saved', target: 'latency-early-warning', before: { when: 'latency_z >= 4' }, after: { when: 'latency_z >= 4 and time_to_breach_min < 30' }, ip: '10.20.0.5' },
  { atMs: T0 + 300 * MIN, actor: 'chen.exec@corp.example', action: 'auth.login', target: 'chen.exec@corp.example', before: null, after: { method: 'oidc' }, ip: '10.40.2.2' },
];

/** Newest first, as `admin.audit` returns them. */
export const storyAudit: AuditEntry[] = rows
  .map((r, i) => ({ ...r, seq: i + 1, prevHash: i === 0 ? '0'.repeat(64) : hashOf(i), hash: hashOf(i + 1) }))
  .reverse();

export const storyChainOk: AuditChainCheck = { ok: true, checked: storyAudit.length, brokenAtSeq: null, reason: null };
export const storyChainBroken: AuditChainCheck = { ok: false, checked: 7, brokenAtSeq: 7, reason: 'hash does not match the entry (edited after it was written)' };

export const storySessions: Record<'admin' | 'exec', SessionInfo> = {
  admin: { username: 'admin', displayName: 'Administrator', roles: ['admin'], permissions: [...permissionsOf(['admin'])], scope: null, method: 'password', csrfToken: 'story', expiresAtMs: adminNowMs + 8 * 60 * MIN },
  exec: { username: 'chen.exec@corp.example', displayName: 'Chen Jing', roles: ['exec'], permissions: [...permissionsOf(['exec'])], scope: { regions: ['East', 'South Central'], provinces: ['Sichuan'] }, method: 'oidc', csrfToken: 'story', expiresAtMs: adminNowMs + 8 * 60 * MIN },
};
