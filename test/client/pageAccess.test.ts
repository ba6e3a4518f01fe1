// Pins which page a hash opens for a role: allowed pages only, a refusal for a named forbidden page, not-found for an
// unknown path, and each role's own landing page when the hash names none.
import { describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../schema/access.js';
import { allowedPages, choosePage } from '../../client/app/pageAccess.js';
import { APP_PAGES } from '../../client/app/appPages.js';

// The app's real page table (its lazy components are not loaded by importing it).
const PAGES = APP_PAGES;
const page = (path: string) => PAGES.find((p) => p.path === path)!;

const canAs = (...roles: Role[]) => { const p = permissionsOf(roles); return (x: Parameters<typeof p.has>[0]) => p.has(x); };

describe('allowedPages', () => {
  it('shows each role only its pages; diagnostics (the data spine) only to administrators', () => {
    expect(allowedPages(PAGES, canAs('pm')).map((p) => p.path)).toEqual(['#/revenue']);
    expect(allowedPages(PAGES, canAs('noc')).map((p) => p.path)).toEqual(['#/noc', '#/automation']);
    expect(allowedPages(PAGES, canAs('exec')).map((p) => p.path)).toEqual(['#/noc', '#/revenue', '#/automation', '#/executive']);
    expect(allowedPages(PAGES, canAs('automation-admin')).map((p) => p.path)).toEqual(['#/noc', '#/automation']);
    expect(allowedPages(PAGES, canAs('admin')).map((p) => p.path)).toEqual(PAGES.map((p) => p.path));
    expect(allowedPages(PAGES, canAs('producer'))).toEqual([]);
  });
});

describe('choosePage', () => {
  it('opens an allowed page named by the hash, ignoring its query', () => {
    expect(choosePage('#/revenue?tier=1', PAGES, canAs('pm'), ['pm'])).toEqual({ kind: 'page', page: page('#/revenue') });
  });
  it('opens the diagnostics page under its old spine address too', () => {
    expect(choosePage('#/spine', PAGES, canAs('admin'), ['admin'])).toEqual({ kind: 'page', page: page('#/diagnostics') });
    expect(choosePage('#/spine', PAGES, canAs('noc'), ['noc'])).toEqual({ kind: 'forbidden', page: page('#/diagnostics') });
  });
  it('refuses a named page the role may not open instead of showing it or another page', () => {
    expect(choosePage('#/admin', PAGES, canAs('exec'), ['exec'])).toEqual({ kind: 'forbidden', page: page('#/admin') });
    expect(choosePage('#/noc', PAGES, canAs('pm'), ['pm'])).toEqual({ kind: 'forbidden', page: page('#/noc') });
  });
  it('says not found for an unknown path, offering the landing page', () => {
    expect(choosePage('#/nope?x=1', PAGES, canAs('pm'), ['pm'])).toEqual({ kind: 'not-found', path: '#/nope', fallback: page('#/revenue') });
    expect(choosePage('#/unknown', PAGES, canAs('producer'), ['producer'])).toEqual({ kind: 'not-found', path: '#/unknown', fallback: null });
  });
  it('lands each role on its own page when the hash names none', () => {
    const landing = (r: Role, hash = '') => { const c = choosePage(hash, PAGES, canAs(r), [r]); return c.kind === 'page' ? c.page.path : c.kind; };
    expect(landing('noc')).toBe('#/noc');
    expect(landing('pm')).toBe('#/revenue');
    expect(landing('exec')).toBe('#/executive');
    expect(landing('automation-admin')).toBe('#/automation');
    expect(landing('admin')).toBe('#/diagnostics');
    // The sign-in page's own hash (after a failed single sign-on) is not an unknown page.
    expect(landing('noc', '#/signin?error=x')).toBe('#/noc');
    expect(landing('pm', '#/')).toBe('#/revenue');
  });
  it('with several roles, the first role holding a landing page decides; a named page still wins', () => {
    expect(choosePage('', PAGES, canAs('pm', 'noc'), ['pm', 'noc'])).toEqual({ kind: 'page', page: page('#/revenue') });
    expect(choosePage('', PAGES, canAs('noc', 'pm'), ['noc', 'pm'])).toEqual({ kind: 'page', page: page('#/noc') });
    expect(choosePage('#/noc', PAGES, canAs('exec'), ['exec'])).toEqual({ kind: 'page', page: page('#/noc') });
  });
  it('falls back to the first allowed page when no role has a landing page', () => {
    const pages = [{ path: '#/a', permission: 'status.read' }, { path: '#/b', permission: 'users.admin', landingFor: ['admin'] }] as const;
    expect(choosePage('', pages, canAs('pm'), ['pm'])).toEqual({ kind: 'page', page: pages[0] });
    expect(choosePage('', pages, canAs('admin'), ['admin'])).toEqual({ kind: 'page', page: pages[1] });
  });
  it('says so when the role may open no page at all', () => {
    expect(choosePage('', PAGES, canAs('producer'), ['producer'])).toEqual({ kind: 'none' });
  });
});
