// The app's long-lived collaborators, shared by every page through React context: one tRPC client and one live DuckDB dataset per tab.
import { createContext, useContext, type ReactNode } from 'react';
import { createOpsDeckClient, type OpsDeckClient } from '../api/trpcClient.js';
import { LiveDataset } from '../dataSync/liveDataset.js';

export interface AppServices {
  trpc: OpsDeckClient;
  dataset: LiveDataset;
}

/** Creates the services and starts the dataset's sync; called once at boot, outside React (StrictMode runs effects twice). */
export function startAppServices(): AppServices {
  const trpc = createOpsDeckClient();
  const dataset = new LiveDataset({ fetchCatalog: () => trpc.catalog.query({}) });
  void dataset.start();
  return { trpc, dataset };
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
