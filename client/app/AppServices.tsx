// The app's long-lived collaborators, shared by every page through React context: one tRPC client and one live DuckDB dataset per session.
import { createContext, useContext, type ReactNode } from 'react';
import { createOpsDeckClient, type OpsDeckClient } from '../api/trpcClient.js';
import { LiveDataset } from '../dataSync/liveDataset.js';

export interface AppServices {
  trpc: OpsDeckClient;
  dataset: LiveDataset;
  /** Ends the dataset's sync (socket, DuckDB worker), started or not. */
  close(): void;
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
 * Creates the services (the dataset's sync starts on first use); called by the session layer once sign-in succeeded,
 * outside React (StrictMode runs effects twice), so an anonymous tab never asks for data.
 */
export function startAppServices(o: AppServicesOptions): AppServices {
  const trpc = createOpsDeckClient({ csrfToken: o.csrfToken });
  const dataset = new LiveDataset({ fetchCatalog: () => trpc.catalog.query({}) });
  let syncing = false;
  window.__opsdeckDataset = { query: (sql) => dataset.query(sql) };
  return {
    trpc,
    // The DuckDB worker and its snapshot downloads start when a page first reaches for the dataset: an executive who
    // lands on the report (figures computed on the server) does not pay for 24 h of raw rows on a busy machine.
    get dataset() {
      if (o.syncData && !syncing) { syncing = true; void dataset.start(); }
      return dataset;
    },
    close: () => dataset.stop(),
  };
}

/** Ends what startAppServices began (sign-out, expired session): the live socket and the DuckDB worker. */
export function stopAppServices(services: AppServices): void {
  services.close();
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
