// The app's long-lived collaborators, shared by every page: one tRPC client and one live DuckDB dataset per tab.
import { createOpsDeckClient, type OpsDeckClient } from '../api/trpcClient.js';
import { LiveDataset } from '../dataSync/liveDataset.js';

let runtime: { trpc: OpsDeckClient; dataset: LiveDataset } | null = null;

/** Created and started once, even under React StrictMode's double effects. */
export function appRuntime(): { trpc: OpsDeckClient; dataset: LiveDataset } {
  if (runtime) return runtime;
  const trpc = createOpsDeckClient();
  const dataset = new LiveDataset({ fetchCatalog: () => trpc.catalog.query({}) });
  runtime = { trpc, dataset };
  void dataset.start();
  return runtime;
}
