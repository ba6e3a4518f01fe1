// The app's long-lived collaborators, shared by every page through React context: one tRPC client and one live DuckDB dataset per session.
import { createContext, useContext, type ReactNode } from 'react';
import { createOpsDeckClient, type OpsDeckClient } from '../api/trpcClient.js';
import { LiveDataset } from '../dataSync/liveDataset.js';

export interface AppServices {
  trpc: OpsDeckClient;
  dataset: LiveDataset;
}

/** Test/automation hook: read-only SQL over this tab's own DuckDB (it holds only what the server sent this user). */
export interface DatasetHandle { query(sql: string): Promise<Record<string, unknown>[]> }
declare global { interface Window { __opsdeckDataset?: DatasetHandle } }

export interface AppServicesOptions {
  /** The signed-in session's CSRF token (read per request). */
  csrfToken: () => string | null;
  /** False for a role without `data.read`: the dataset then never asks for snapshots it would be refused. */
  syncData: boolean;
}

/**
 * Creates the services and starts the dataset's sync; called by the session layer once sign-in succeeded,
 * outside React (StrictMode runs effects twice), so an anonymous tab never asks for data.
 */
export function startAppServices(o: AppServicesOptions): AppServices {
  const trpc = createOpsDeckClient({ csrfToken: o.csrfToken });
  const dataset = new LiveDataset({ fetchCatalog: () => trpc.catalog.query({}) });
  if (o.syncData) void dataset.start();
  window.__opsdeckDataset = { query: (sql) => dataset.query(sql) };
  return { trpc, dataset };
}

/** Ends what startAppServices began (sign-out, expired session): the live socket and the DuckDB worker. */
export function stopAppServices(services: AppServices): void {
  services.dataset.stop();
}

const AppServicesContext = createContext<AppServices | null>(null);

export function AppServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppServicesContext.Provider value={services}>{children}</AppServicesContext.Provider>;
}

/** The services of the surrounding AppServicesProvider; pages and their hooks get the client and dataset only here. */
export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices: no AppServicesProvider above this component');
  return services;
}
