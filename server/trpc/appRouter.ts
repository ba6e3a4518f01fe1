// The root tRPC router: only composes the domain routers (catalog, status, deadLetters and ingest stay top-level paths).
import { t } from './trpc.js';
import { dataRouter } from './dataRouter.js';
import { ingestRouter } from './ingestRouter.js';
import { nocRouter } from './nocRouter.js';
import { revenueRouter } from './revenueRouter.js';
import { automationRouter } from './automationRouter.js';
import { adminRouter } from './adminRouter.js';
import { reportsRouter } from './reportsRouter.js';
import { executiveRouter } from './executiveRouter.js';
import { maintenanceRouter } from './maintenanceRouter.js';

export const appRouter = t.mergeRouters(
  dataRouter,
  ingestRouter,
  t.router({ noc: nocRouter, revenue: revenueRouter, automation: automationRouter, admin: adminRouter, reports: reportsRouter,
    executive: executiveRouter, maintenance: maintenanceRouter }),
);

export type AppRouter = typeof appRouter;
