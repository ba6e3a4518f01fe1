// Who may do what: roles, the permissions they grant, a user's data scope, and what the browser learns about its session.
import { z } from 'zod';

export const ROLES = ['noc', 'pm', 'exec', 'automation-admin', 'admin', 'producer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  noc: 'NOC engineer: map, assurance, tickets (acknowledge, comment, resolve), silences',
  pm: 'Product manager: revenue, ARPU, quota burn, exports',
  exec: 'Executive: reports and read-only views',
  'automation-admin': 'Automation admin: rules, runbooks, dry-runs, autonomy settings',
  admin: 'Administrator: users, roles, API tokens, audit trail, settings (and everything else)',
  producer: 'Event producer (scripts): push events through the ingest API, nothing else',
};

/**
 * Every permission a route or procedure can require. `session` is held by every signed-in user (their own
 * session and password); `public` marks the few routes that must answer before sign-in (health, sign-in).
 */
export const PERMISSIONS = [
  'public', 'session',
  'status.read', 'data.read',
  'noc.read',
  'revenue.read', 'revenue.export', 'revenue.refresh',
  'tickets.read', 'tickets.act', 'silences.write',
  'rules.write', 'autonomy.write',
  'reports.read', 'reports.run',
  'ingest.write', 'deadLetters.read',
  'users.admin', 'audit.read',
  // The diagnostics page (data spine: browser vs server counts, ingest, sync): for administrators.
  'diagnostics.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_VIEWS: Permission[] = ['status.read', 'data.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  noc: [...READ_VIEWS, 'noc.read', 'tickets.read', 'tickets.act', 'silences.write'],
  pm: [...READ_VIEWS, 'revenue.read', 'revenue.export', 'revenue.refresh'],
  exec: [...READ_VIEWS, 'noc.read', 'revenue.read', 'tickets.read', 'reports.read', 'reports.run'],
  'automation-admin': [...READ_VIEWS, 'noc.read', 'tickets.read', 'rules.write', 'autonomy.write'],
  admin: PERMISSIONS.filter((p) => p !== 'public'),
  producer: ['ingest.write'],
};

/** The permissions a set of roles grants (always including `session` and `public`). */
export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>(['public', 'session']);
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

/** A user's data scope: rows of sites in these regions or provinces (and accounts of those provinces); null = everything. */
export const scopeSchema = z.object({
  regions: z.array(z.string().min(1).max(64)).max(64),
  provinces: z.array(z.string().min(1).max(64)).max(64),
}).strict().refine((s) => s.regions.length + s.provinces.length > 0, 'a scope names at least one region or province (null = unscoped)');
export type Scope = z.infer<typeof scopeSchema>;

export function describeScope(scope: Scope | null): string {
  if (!scope) return 'all regions';
  return [...scope.regions.map((r) => `region ${r}`), ...scope.provinces].join(', ');
}

export const usernameSchema = z.string().trim().min(2).max(64).regex(/^[a-z0-9][a-z0-9._@-]*$/, 'lower-case letters, digits and . _ @ - only');
/** Local passwords: long enough to resist guessing; the KDF makes each guess expensive. */
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(256);

export type AuthMethod = 'password' | 'oidc' | 'token';

/** What `GET /auth/me` tells the browser about the signed-in user. */
export interface SessionInfo {
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
  scope: Scope | null;
  method: AuthMethod;
  /** Sent back as the CSRF header on every state-changing request of a cookie session. */
  csrfToken: string | null;
  expiresAtMs: number | null;
}

/** HTTP contract of the identity routes, shared by server and client. */
export const AUTH_PATHS = {
  login: '/auth/login',
  logout: '/auth/logout',
  me: '/auth/me',
  password: '/auth/password',
  oidcConfig: '/auth/oidc/config',
  oidcLogin: '/auth/oidc/login',
  oidcCallback: '/auth/oidc/callback',
  auditCsv: '/admin/audit.csv',
} as const;
export const SESSION_COOKIE = 'opsdeck_session';
export const CSRF_HEADER = 'x-opsdeck-csrf';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
}).strict();

export const AUDIT_ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.locked', 'auth.password_changed',
  'user.created', 'user.updated', 'user.password_reset',
  'token.issued', 'token.revoked',
  'rule.saved', 'rule.enabled', 'silence.added', 'silence.expired',
  'maintenance.saved', 'maintenance.removed', 'maintenance.enabled',
  'ticket.acknowledged', 'ticket.commented', 'ticket.resolved', 'ticket.approved', 'ticket.rejected', 'ticket.verdict',
  'autonomy.level', 'autonomy.brake', 'autonomy.blocklist',
  'remediation.started', 'remediation.finished', 'ticket.escalated',
  'revenue.refreshed', 'report.schedule_changed', 'report.run_requested',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  seq: number;
  atMs: number;
  actor: string;
  action: AuditAction;
  target: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  prevHash: string;
  hash: string;
}

/** A user as the admin page lists it (never the password hash). */
export interface UserInfo {
  username: string;
  displayName: string;
  roles: Role[];
  scope: Scope | null;
  disabled: boolean;
  /** 'local' (password) or 'oidc' (created at first single sign-on). */
  source: 'local' | 'oidc';
  createdAtMs: number;
  lastLoginMs: number | null;
  lockedUntilMs: number | null;
}

/** An API token as listed (the secret is shown once, at issue, and stored only hashed). */
export interface TokenInfo {
  tokenId: string;
  username: string;
  label: string;
  createdAtMs: number;
  createdBy: string;
  expiresAtMs: number | null;
  lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}

/** Result of re-walking the audit hash chain. */
export interface AuditChainCheck { ok: boolean; checked: number; brokenAtSeq: number | null; reason: string | null }
