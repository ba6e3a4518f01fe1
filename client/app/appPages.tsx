// The app's pages: one entry per feature, shown in the navigation bar in this order (not the usage `ROUTES` of schema/tables.ts).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission, Role } from '../../schema/access.js';

export interface AppPage {
  /** Hash path, e.g. '#/spine'. */
  path: string;
  title: string;
  /** Who the page is for, shown as the nav tooltip. */
  audience: string;
  /** What a role needs to see the page in the nav and open it. */
  permission: Permission;
  /** Opened first, ahead of the nav order, by users with one of these roles who name no page (the executive summary for executives). */
  landingFor?: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

export const APP_PAGES: readonly AppPage[] = [
  { path: '#/spine', title: 'Data spine', audience: 'Everyone: is the data flowing?', permission: 'status.read', component: lazy(() => import('../features/spine/SpinePage.js').then((m) => ({ default: m.SpinePage }))) },
  { path: '#/noc', title: 'NOC map', audience: 'NOC engineers: where is the network failing its promises, and what does it cost?', permission: 'noc.read', component: lazy(() => import('../features/noc/NocPage.js').then((m) => ({ default: m.NocPage }))) },
  { path: '#/revenue', title: 'Revenue', audience: 'Product managers: token revenue, ARPU, model margin, quota burn-down', permission: 'revenue.read', component: lazy(() => import('../features/revenue/RevenuePage.js').then((m) => ({ default: m.RevenuePage }))) },
  { path: '#/automation', title: 'Tickets & automation', audience: 'NOC: proactive tickets, self-healing runbooks, rules', permission: 'tickets.read', component: lazy(() => import('../features/automation/AutomationPage.js').then((m) => ({ default: m.AutomationPage }))) },
  { path: '#/admin', title: 'Admin', audience: 'Administrators: users, roles, API tokens, audit trail', permission: 'users.admin', component: lazy(() => import('../features/admin/AdminPage.js').then((m) => ({ default: m.AdminPage }))) },
  // Last in the nav so the other pages keep their places; `landingFor` makes it the executives' first page (an admin still lands on the spine).
  { path: '#/executive', title: 'Executive report', audience: 'Executives: is the AI token business growing, and is the network keeping its promises?', permission: 'reports.read', landingFor: ['exec'], component: lazy(() => import('../features/executive/ExecutivePage.js').then((m) => ({ default: m.ExecutivePage }))) },
];
