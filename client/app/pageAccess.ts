// Which page a URL hash opens for a user: the page if their role may see it, a refusal if not, not-found for an unknown
// path, else (no path named) their role's landing page or their first allowed page.
import type { Permission, Role } from '../../schema/access.js';

export interface GatedPage {
  path: string;
  aliases?: readonly string[];
  permission: Permission;
  /** The first page of users holding one of these roles when the hash names no page (ahead of the nav order). */
  landingFor?: readonly Role[];
}

export type PageChoice<P extends GatedPage> =
  | { kind: 'page'; page: P }
  /** The hash names a page the role may not open. */
  | { kind: 'forbidden'; page: P }
  /** The hash names no page of the app. */
  | { kind: 'not-found'; path: string; fallback: P | null }
  /** The role may open no page at all (e.g. a producer account). */
  | { kind: 'none' };

export function allowedPages<P extends GatedPage>(pages: readonly P[], can: (p: Permission) => boolean): P[] {
  return pages.filter((p) => can(p.permission));
}

/** Hashes that name no page: the app's root, and the sign-in page's own (it redirects here after an OIDC error). */
function namesNoPage(path: string): boolean {
  return path === '' || path === '#' || path === '#/' || path === '#/signin';
}

export function landingPage<P extends GatedPage>(pages: readonly P[], can: (p: Permission) => boolean, roles: readonly Role[]): P | null {
  const allowed = allowedPages(pages, can);
  // Roles in the order the user holds them: the first with a landing page decides.
  for (const r of roles) {
    const landing = allowed.find((p) => p.landingFor?.includes(r));
    if (landing) return landing;
  }
  return allowed[0] ?? null;
}

export function choosePage<P extends GatedPage>(hash: string, pages: readonly P[], can: (p: Permission) => boolean, roles: readonly Role[] = []): PageChoice<P> {
  const path = hash.split('?')[0] ?? '';
  const named = pages.find((p) => p.path === path || p.aliases?.includes(path));
  if (named) return can(named.permission) ? { kind: 'page', page: named } : { kind: 'forbidden', page: named };
  const first = landingPage(pages, can, roles);
  if (!namesNoPage(path)) return { kind: 'not-found', path, fallback: first };
  return first ? { kind: 'page', page: first } : { kind: 'none' };
}
