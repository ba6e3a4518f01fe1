// The app's pages: one entry per feature, shown in the navigation bar in this order (not the usage `ROUTES` of schema/tables.ts).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission, Role } from '../../schema/access.js';
import type { APP_MESSAGES } from './appMessages.js';

type PageKey = 'diagnostics' | 'noc' | 'revenue' | 'automation' | 'admin' | 'executive';
type AppMessageKey = keyof typeof APP_MESSAGES.en;

export interface AppPage {
  /** Hash path, e.g. '#/noc'. */
  path: string;
  /** Older paths that still open this page (links and bookmarks keep working). */
  aliases?: readonly string[];
  /** Title (nav, document title) and audience (nav tooltip) message keys. */
  titleKey: AppMessageKey & `page.${PageKey}`;
  audienceKey: AppMessageKey & `page.${PageKey}.audience`;
  /** What a role needs to see the page in the nav and open it. */
  permission: Permission;
  /** The first page of users holding one of these roles who name no page (ahead of the nav order). */
  landingFor?: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

export const APP_PAGES: readonly AppPage[] = [
  { path: '#/noc', titleKey: 'page.noc', audienceKey: 'page.noc.audience', permission: 'noc.read', landingFor: ['noc'], component: lazy(() => import('../features/noc/NocPage.js').then((m) => ({ default: m.NocPage }))) },
  { path: '#/revenue', titleKey: 'page.revenue', audienceKey: 'page.revenue.audience', permission: 'revenue.read', landingFor: ['pm'], component: lazy(() => import('../features/revenue/RevenuePage.js').then((m) => ({ default: m.RevenuePage }))) },
  { path: '#/automation', titleKey: 'page.automation', audienceKey: 'page.automation.audience', permission: 'tickets.read', landingFor: ['automation-admin'], component: lazy(() => import('../features/automation/AutomationPage.js').then((m) => ({ default: m.AutomationPage }))) },
  { path: '#/executive', titleKey: 'page.executive', audienceKey: 'page.executive.audience', permission: 'reports.read', landingFor: ['exec'], component: lazy(() => import('../features/executive/ExecutivePage.js').then((m) => ({ default: m.ExecutivePage }))) },
  { path: '#/admin', titleKey: 'page.admin', audienceKey: 'page.admin.audience', permission: 'users.admin', component: lazy(() => import('../features/admin/AdminPage.js').then((m) => ({ default: m.AdminPage }))) },
  // The data spine, once everyone's first page, is now where administrators check the data flow.
  { path: '#/diagnostics', aliases: ['#/spine'], titleKey: 'page.diagnostics', audienceKey: 'page.diagnostics.audience', permission: 'diagnostics.read', landingFor: ['admin'], component: lazy(() => import('../features/spine/SpinePage.js').then((m) => ({ default: m.SpinePage }))) },
];
