// Which page a URL hash opens for a user: the page if their role may see it, a refusal if not, else their landing or first allowed page.
import type { Permission, Role } from '../../schema/access.js';

export interface GatedPage {
  path: string;
  permission: Permission;
  /** The first page of users holding one of these roles when the hash names no page (ahead of the nav order). */
  landingFor?: readonly Role[];
}

export type PageChoice<P extends GatedPage> =
  | { kind: 'page'; page: P }
  /** The hash names a page the role may not open. */
  | { kind: 'forbidden'; page: P }
  /** The role may open no page at all (e.g. a producer account). */
  | { kind: 'none' };

export function allowedPages<P extends GatedPage>(pages: readonly P[], can: (p: Permission) => boolean): P[] {
  return pages.filter((p) => can(p.permission));
}

export function choosePage<P extends GatedPage>(hash: string, pages: readonly P[], can: (p: Permission) => boolean, roles: readonly Role[] = []): PageChoice<P> {
  const path = hash.split('?')[0] ?? '';
  const named = pages.find((p) => p.path === path);
  if (named) return can(named.permission) ? { kind: 'page', page: named } : { kind: 'forbidden', page: named };
  const allowed = allowedPages(pages, can);
  const first = allowed.find((p) => p.landingFor?.some((r) => roles.includes(r))) ?? allowed[0];
  return first ? { kind: 'page', page: first } : { kind: 'none' };
}
