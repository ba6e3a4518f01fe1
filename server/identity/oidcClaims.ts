// Maps the claims an OpenID Connect provider vouched for to an OpsDeck user: user name, display name and roles.
import { ROLES, usernameSchema, type Role } from '../../schema/access.js';

export type OidcClaims = Readonly<Record<string, unknown>>;

export interface ClaimNames { usernameClaim: string; rolesClaim: string }

export type MappedOidcUser =
  | { ok: true; user: { username: string; displayName: string; roles: Role[] } }
  | { ok: false; username: string | null; reason: string };

/**
 * A claim by name; a name with dots that is not itself a claim walks nested objects, so Keycloak's
 * `realm_access.roles` works as well as a namespaced claim such as `https://opsdeck.example/roles`.
 */
export function readClaim(claims: OidcClaims, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  if (!name.includes('.')) return undefined;
  let v: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Role names from a claim that is an array of strings or one space/comma-separated string; unknown names are dropped. */
export function rolesFromClaim(value: unknown): Role[] {
  const names = Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string')
    : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const known = new Set<string>(ROLES);
  const out = new Set<Role>();
  for (const n of names) {
    const name = n.trim().toLowerCase();
    if (known.has(name)) out.add(name as Role);
  }
  return [...out];
}

export function mapOidcClaims(claims: OidcClaims, names: ClaimNames): MappedOidcUser {
  const rawName = readClaim(claims, names.usernameClaim);
  if (typeof rawName !== 'string' || !rawName.trim()) {
    return { ok: false, username: null, reason: `the identity provider sent no user name (claim '${names.usernameClaim}')` };
  }
  const parsed = usernameSchema.safeParse(rawName.trim().toLowerCase());
  if (!parsed.success) {
    return { ok: false, username: null, reason: `the user name '${rawName.slice(0, 64)}' from claim '${names.usernameClaim}' is not usable here (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  }
  const username = parsed.data;
  const roles = rolesFromClaim(readClaim(claims, names.rolesClaim));
  if (roles.length === 0) {
    return { ok: false, username, reason: `${username} has no OpsDeck role at the identity provider (claim '${names.rolesClaim}' names none of ${ROLES.join(', ')}); ask an administrator to assign one` };
  }
  const name = claims.name;
  const displayName = typeof name === 'string' && name.trim() ? name.trim().slice(0, 128) : username;
  return { ok: true, user: { username, displayName, roles } };
}
