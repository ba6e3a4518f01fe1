// Pins which page a hash opens for a role: allowed pages only, a refusal for a named forbidden page, else the first allowed one.
import { describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../schema/access.js';
import { allowedPages, choosePage } from '../../client/app/pageAccess.js';
import { APP_PAGES } from '../../client/app/appPages.js';

// The app's real page table (its lazy components are not loaded by importing it).
const PAGES = APP_PAGES;

const canAs = (...roles: Role[]) => { const p = permissionsOf(roles); return (x: Parameters<typeof p.has>[0]) => p.has(x); };

describe('allowedPages', () => {
  it('shows each role only its pages', () => {
    expect(allowedPages(PAGES, canAs('pm')).map((p) => p.path)).toEqual(['#/spine', '#/revenue']);
    expect(allowedPages(PAGES, canAs('noc')).map((p) => p.path)).toEqual(['#/spine', '#/noc', '#/automation']);
    expect(allowedPages(PAGES, canAs('exec')).map((p) => p.path)).toEqual(['#/spine', '#/noc', '#/revenue', '#/automation', '#/executive']);
    expect(allowedPages(PAGES, canAs('admin')).map((p) => p.path)).toEqual(PAGES.map((p) => p.path));
    expect(allowedPages(PAGES, canAs('producer'))).toEqual([]);
  });
});

describe('choosePage', () => {
  it('opens an allowed page named by the hash, ignoring its query', () => {
    expect(choosePage('#/revenue?x=1', PAGES, canAs('pm'))).toEqual({ kind: 'page', page: PAGES[2] });
  });
  it('refuses a named page the role may not open instead of showing it or another page', () => {
    expect(choosePage('#/admin', PAGES, canAs('exec'))).toEqual({ kind: 'forbidden', page: PAGES[4] });
    expect(choosePage('#/noc', PAGES, canAs('pm'))).toEqual({ kind: 'forbidden', page: PAGES[1] });
  });
  it('falls back to the first allowed page for an empty or unknown hash', () => {
    expect(choosePage('', PAGES, canAs('pm'))).toEqual({ kind: 'page', page: PAGES[0] });
    expect(choosePage('#/signin?error=x', PAGES, canAs('noc'))).toEqual({ kind: 'page', page: PAGES[0] });
  });
  it('lands users who may read reports on the executive page, and no one else', () => {
    const executive = PAGES.find((p) => p.path === '#/executive');
    expect(executive?.permission).toBe('reports.read');
    expect(choosePage('', PAGES, canAs('exec'), ['exec'])).toEqual({ kind: 'page', page: executive });
    expect(choosePage('#/unknown', PAGES, canAs('exec'), ['exec'])).toEqual({ kind: 'page', page: executive });
    expect(choosePage('', PAGES, canAs('noc', 'pm'), ['noc', 'pm'])).toEqual({ kind: 'page', page: PAGES[0] });
    // An admin may read reports but keeps the spine as first page.
    expect(choosePage('', PAGES, canAs('admin'), ['admin'])).toEqual({ kind: 'page', page: PAGES[0] });
    // A named page still wins over the landing page.
    expect(choosePage('#/noc', PAGES, canAs('exec'), ['exec'])).toEqual({ kind: 'page', page: PAGES[1] });
    expect(choosePage('#/executive', PAGES, canAs('pm'))).toEqual({ kind: 'forbidden', page: executive });
  });
  it('prefers a landing page over the nav order only among allowed pages', () => {
    const pages = [{ path: '#/a', permission: 'status.read' }, { path: '#/b', permission: 'users.admin', landingFor: ['pm', 'admin'] }] as const;
    expect(choosePage('', pages, canAs('pm'), ['pm'])).toEqual({ kind: 'page', page: pages[0] });
    expect(choosePage('', pages, canAs('admin'), ['admin'])).toEqual({ kind: 'page', page: pages[1] });
  });
  it('says so when the role may open no page at all', () => {
    expect(choosePage('', PAGES, canAs('producer'))).toEqual({ kind: 'none' });
  });
});
