// Locally bundled DuckDB-WASM builds (no CDN): Vite emits the wasm and worker files as assets of this app.
import { selectBundle, type DuckDBBundle, type DuckDBBundles } from '@duckdb/duckdb-wasm';
import mvpWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

// COI (threads) needs cross-origin isolation headers the server does not send, so it is not offered.
export const LOCAL_DUCKDB_BUNDLES: DuckDBBundles = {
  mvp: { mainModule: mvpWasmUrl, mainWorker: mvpWorkerUrl },
  eh: { mainModule: ehWasmUrl, mainWorker: ehWorkerUrl },
};

/** Picks the exception-handling build when the browser supports wasm exceptions, else the MVP build. */
export function selectLocalBundle(): Promise<DuckDBBundle> {
  return selectBundle(LOCAL_DUCKDB_BUNDLES);
}
