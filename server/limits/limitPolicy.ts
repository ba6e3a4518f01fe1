// Which requests are heavy (share the server-wide concurrency limit) and which are never rate limited: the one list of
// each, by HTTP route URL and by tRPC procedure path; plus the limit settings and their defaults.
import { HISTORY_PLAN_PATH } from '../../schema/dataPlane.js';

/** HTTP routes whose work is a lake scan, a report computation or a rendering. */
export const HEAVY_ROUTES: ReadonlySet<string> = new Set([
  '/data/:table',
  // Counts the rows of every table's lake files and captures the hot part.
  HISTORY_PLAN_PATH,
  '/reports/render.pdf',
  '/reports/render.html',
  '/reports/table.csv',
]);

/** tRPC procedures whose work scales with a window, the lake or a rendering rather than with one row. */
export const HEAVY_PROCEDURES: ReadonlySet<string> = new Set([
  'noc.assurance',
  'noc.siteRevenue',
  'noc.siteDetail',
  'automation.dryRun',
  'executive.report',
  'reports.runNow',
  'revenue.invoice',
  'revenue.refresh',
]);

/** Never limited: load balancers and operators must always be able to ask whether the server is alive. */
export const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/healthz']);

export interface RequestLimits {
  /** Sustained requests per second per client (user, else address); 0 turns the rate limit off. */
  rateLimitPerSec: number;
  /** Requests a client may make at once before the sustained rate applies. */
  rateLimitBurst: number;
  /** Heavy requests running at once server-wide; 0 turns the concurrency limit off. */
  heavyConcurrency: number;
  /** Heavy requests that wait for a slot before further ones are refused. */
  heavyQueue: number;
}

/**
 * Generous enough that the UI (a page load fetches about ten snapshots at once) and the test suites never meet them;
 * tight enough that one client cannot monopolise the server or run it out of memory.
 */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  rateLimitPerSec: 50,
  rateLimitBurst: 500,
  heavyConcurrency: 2,
  heavyQueue: 64,
};
