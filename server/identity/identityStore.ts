// Users, sessions and API tokens in the state store (DuckDB file embedded, PostgreSQL in production; same SQL).
import { createHash } from 'node:crypto';
import type { Role, Scope, TokenInfo, UserInfo } from '../../schema/access.js';
import type { SqlDriver, SqlParam } from '../../pipelines/heal/sqlDriver.js';

export const IDENTITY_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS opsdeck_user (
    username VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, password_hash VARCHAR, roles VARCHAR NOT NULL,
    scope VARCHAR, disabled BOOLEAN NOT NULL, source VARCHAR NOT NULL, created_at BIGINT NOT NULL, last_login BIGINT,
    failed_logins INTEGER NOT NULL, locked_until BIGINT)`,
  // Only a hash of the session id is stored: a copy of the table does not sign anyone in.
  `CREATE TABLE IF NOT EXISTS opsdeck_session (
    id_hash VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL, method VARCHAR NOT NULL,
    created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL, expires_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS opsdeck_api_token (
    token_id VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, secret_hash VARCHAR NOT NULL, label VARCHAR NOT NULL,
    created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, expires_at BIGINT, last_used_at BIGINT, revoked_at BIGINT)`,
];

/** Session ids and token secrets are stored only as this hash (they are random 256-bit values, so no KDF is needed). */
export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export interface StoredUser extends UserInfo { passwordHash: string | null; failedLogins: number }
export interface StoredSession { idHash: string; username: string; csrfToken: string; method: 'password' | 'oidc'; createdAtMs: number; lastSeenMs: number; expiresAtMs: number }
export interface StoredToken extends TokenInfo { secretHash: string }

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function userFromRow(r: Record<string, unknown>): StoredUser {
  return {
    username: String(r.username), displayName: String(r.display_name), passwordHash: (r.password_hash as string | null) ?? null,
    roles: JSON.parse(String(r.roles)) as Role[], scope: r.scope ? JSON.parse(String(r.scope)) as Scope : null,
    disabled: r.disabled === true, source: r.source === 'oidc' ? 'oidc' : 'local', createdAtMs: Number(r.created_at),
    lastLoginMs: num(r.last_login), failedLogins: Number(r.failed_logins), lockedUntilMs: num(r.locked_until),
  };
}

function tokenFromRow(r: Record<string, unknown>): StoredToken {
  return {
    tokenId: String(r.token_id), username: String(r.username), secretHash: String(r.secret_hash), label: String(r.label),
    createdAtMs: Number(r.created_at), createdBy: String(r.created_by), expiresAtMs: num(r.expires_at),
    lastUsedAtMs: num(r.last_used_at), revokedAtMs: num(r.revoked_at),
  };
}

export function publicUser(u: StoredUser): UserInfo {
  const { passwordHash: _h, failedLogins: _f, ...info } = u;
  return info;
}

export function publicToken(t: StoredToken): TokenInfo {
  const { secretHash: _s, ...info } = t;
  return info;
}

export class IdentityStore {
  constructor(readonly db: SqlDriver) {}

  async init(): Promise<void> { for (const s of IDENTITY_DDL) await this.db.exec(s); }

  async countUsers(): Promise<number> {
    const [r] = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM opsdeck_user');
    return Number(r?.n ?? 0);
  }

  async user(username: string): Promise<StoredUser | null> {
    const [r] = await this.db.query('SELECT * FROM opsdeck_user WHERE username = $1', [username]);
    return r ? userFromRow(r) : null;
  }

  async users(): Promise<StoredUser[]> {
    return (await this.db.query('SELECT * FROM opsdeck_user ORDER BY username')).map(userFromRow);
  }

  /** Inserts a user; false if the name is taken (the primary key decides, also across replicas). */
  async insertUser(u: StoredUser): Promise<boolean> {
    try {
      await this.db.exec(
        `INSERT INTO opsdeck_user (username, display_name, password_hash, roles, scope, disabled, source, created_at, last_login, failed_logins, locked_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [u.username, u.displayName, u.passwordHash, JSON.stringify(u.roles), u.scope ? JSON.stringify(u.scope) : null,
          u.disabled, u.source, u.createdAtMs, u.lastLoginMs, u.failedLogins, u.lockedUntilMs]);
      return true;
    } catch (e) {
      if (/duplicate|unique|primary key/i.test(e instanceof Error ? e.message : String(e))) return false;
      throw e;
    }
  }

  async updateUser(u: StoredUser): Promise<void> {
    await this.db.exec(
      `UPDATE opsdeck_user SET display_name = $2, password_hash = $3, roles = $4, scope = $5, disabled = $6, last_login = $7,
         failed_logins = $8, locked_until = $9 WHERE username = $1`,
      [u.username, u.displayName, u.passwordHash, JSON.stringify(u.roles), u.scope ? JSON.stringify(u.scope) : null,
        u.disabled, u.lastLoginMs, u.failedLogins, u.lockedUntilMs]);
  }

  async insertSession(s: StoredSession): Promise<void> {
    await this.db.exec(
      'INSERT INTO opsdeck_session (id_hash, username, csrf_token, method, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [s.idHash, s.username, s.csrfToken, s.method, s.createdAtMs, s.lastSeenMs, s.expiresAtMs]);
  }

  async session(idHash: string): Promise<StoredSession | null> {
    const [r] = await this.db.query('SELECT * FROM opsdeck_session WHERE id_hash = $1', [idHash]);
    if (!r) return null;
    return {
      idHash: String(r.id_hash), username: String(r.username), csrfToken: String(r.csrf_token),
      method: r.method === 'oidc' ? 'oidc' : 'password', createdAtMs: Number(r.created_at), lastSeenMs: Number(r.last_seen),
      expiresAtMs: Number(r.expires_at),
    };
  }

  async touchSession(idHash: string, atMs: number): Promise<void> {
    await this.db.exec('UPDATE opsdeck_session SET last_seen = $2 WHERE id_hash = $1', [idHash, atMs]);
  }

  async deleteSession(idHash: string): Promise<void> { await this.db.exec('DELETE FROM opsdeck_session WHERE id_hash = $1', [idHash]); }

  /** Ends every session of a user (disabled, password reset, roles changed). */
  async deleteSessionsOf(username: string): Promise<void> { await this.db.exec('DELETE FROM opsdeck_session WHERE username = $1', [username]); }

  async deleteExpiredSessions(nowMs: number, idleMs: number): Promise<number> {
    return this.db.exec('DELETE FROM opsdeck_session WHERE expires_at <= $1 OR last_seen <= $2', [nowMs, nowMs - idleMs]);
  }

  async insertToken(t: StoredToken): Promise<void> {
    await this.db.exec(
      `INSERT INTO opsdeck_api_token (token_id, username, secret_hash, label, created_at, created_by, expires_at, last_used_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [t.tokenId, t.username, t.secretHash, t.label, t.createdAtMs, t.createdBy, t.expiresAtMs, t.lastUsedAtMs, t.revokedAtMs]);
  }

  async token(tokenId: string): Promise<StoredToken | null> {
    const [r] = await this.db.query('SELECT * FROM opsdeck_api_token WHERE token_id = $1', [tokenId]);
    return r ? tokenFromRow(r) : null;
  }

  async tokens(username?: string): Promise<StoredToken[]> {
    const where = username ? 'WHERE username = $1' : '';
    const params: SqlParam[] = username ? [username] : [];
    return (await this.db.query(`SELECT * FROM opsdeck_api_token ${where} ORDER BY created_at DESC`, params)).map(tokenFromRow);
  }

  async revokeToken(tokenId: string, atMs: number): Promise<void> {
    await this.db.exec('UPDATE opsdeck_api_token SET revoked_at = $2 WHERE token_id = $1 AND revoked_at IS NULL', [tokenId, atMs]);
  }

  async touchToken(tokenId: string, atMs: number): Promise<void> {
    await this.db.exec('UPDATE opsdeck_api_token SET last_used_at = $2 WHERE token_id = $1', [tokenId, atMs]);
  }
}
