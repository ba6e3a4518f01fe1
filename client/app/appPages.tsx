// The app's pages: one entry per feature, shown in the navigation bar in this order (not the usage `ROUTES` of schema/tables.ts).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface AppPage {
  /** Hash path, e.g. '#/spine'. */
  path: string;
  title: string;
  /** Who the page is for, shown as the nav tooltip. */
  audience: string;
  component: LazyExoticComponent<ComponentType>;
}

export const APP_PAGES: readonly AppPage[] = [
  { path: '#/spine', title: 'Data spine', audience: 'Everyone: is the data flowing?', component: lazy(() => import('../features/spine/SpinePage.js').then((m) => ({ default: m.SpinePage }))) },
  { path: '#/noc', title: 'NOC map', audience: 'NOC engineers: where is the network failing its promises, and what does it cost?', component: lazy(() => import('../features/noc/NocPage.js').then((m) => ({ default: m.NocPage }))) },
  { path: '#/revenue', title: 'Revenue', audience: 'Product managers: token revenue, ARPU, model margin, quota burn-down', component: lazy(() => import('../features/revenue/RevenuePage.js').then((m) => ({ default: m.RevenuePage }))) },
  { path: '#/automation', title: 'Tickets & automation', audience: 'NOC: proactive tickets, self-healing runbooks, rules', component: lazy(() => import('../features/automation/AutomationPage.js').then((m) => ({ default: m.AutomationPage }))) },
];

export const DEFAULT_PAGE = APP_PAGES[0]!;

export function pageFor(hash: string): AppPage {
  const path = hash.split('?')[0] ?? '';
  return APP_PAGES.find((p) => p.path === path) ?? DEFAULT_PAGE;
}
