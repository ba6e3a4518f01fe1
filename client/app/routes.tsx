// The app's pages: one entry per feature, shown in the navigation bar in this order.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface AppRoute {
  /** Hash path, e.g. '#/spine'. */
  path: string;
  title: string;
  /** Who the page is for, shown as the nav tooltip. */
  audience: string;
  page: LazyExoticComponent<ComponentType>;
}

export const ROUTES: readonly AppRoute[] = [
  { path: '#/spine', title: 'Data spine', audience: 'Everyone: is the data flowing?', page: lazy(() => import('../features/spine/SpinePage.js').then((m) => ({ default: m.SpinePage }))) },
  { path: '#/noc', title: 'NOC map', audience: 'NOC engineers: where is the network failing its promises, and what does it cost?', page: lazy(() => import('../features/noc/NocPage.js').then((m) => ({ default: m.NocPage }))) },
  { path: '#/revenue', title: 'Revenue', audience: 'Product managers: token revenue, ARPU, model margin, quota burn-down', page: lazy(() => import('../features/revenue/RevenuePage.js').then((m) => ({ default: m.RevenuePage }))) },
  { path: '#/automation', title: 'Tickets & automation', audience: 'NOC: proactive tickets, self-healing runbooks, rules', page: lazy(() => import('../features/automation/AutomationPage.js').then((m) => ({ default: m.AutomationPage }))) },
];

export const DEFAULT_ROUTE = ROUTES[0]!;

export function routeFor(hash: string): AppRoute {
  const path = hash.split('?')[0] ?? '';
  return ROUTES.find((r) => r.path === path) ?? DEFAULT_ROUTE;
}
