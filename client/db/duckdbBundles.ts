// Locally bundled DuckDB-WASM builds (no CDN): Vite emits the wasm and worker files as assets of this app.
import { selectBundle, type DuckDBBundle, type DuckDBBundles } from '@duckdb/duckdb-wasm';
import mvpWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

// COI (threads) is not offered, and the server sends no COEP header for it: measured with COOP/COEP and 2 threads (issue 13),
// the threaded build started slower (browser series on the diagnostics page 9.6 vs 7.5 s p50, Chromium RSS +300 MiB) and its
// queries were not faster on this 2-core machine under load; the first chart no longer waits for DuckDB anyway.
export const LOCAL_DUCKDB_BUNDLES: DuckDBBundles = {
  mvp: { mainModule: mvpWasmUrl, mainWorker: mvpWorkerUrl },
  eh: { mainModule: ehWasmUrl, mainWorker: ehWorkerUrl },
};

/** Picks the exception-handling build when the browser supports wasm exceptions, else the MVP build. */
export function selectLocalBundle(): Promise<DuckDBBundle> {
  return selectBundle(LOCAL_DUCKDB_BUNDLES);
}
