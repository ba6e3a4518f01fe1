// The contract between the bench harness (Node, Playwright) and the bench page running in Chromium.
import type { ResultRow } from '../baseline/baselineQueries.js';
import type { QueryName, QueryParams } from '../queries/dashboardQueries.js';

export interface LoadResult { ms: number; bytes: number; rows: number; /** Rows that came as the hot part (Arrow IPC) rather than as lake files. */ hotRows?: number }
export interface QueryRun { ms: number; rows: number; result?: ResultRow[] }
export interface PageMemory { jsHeapUsedBytes: number; duckdbBytes: number | null }
export interface StreamResult { readyMs: number; seconds: number; rowsApplied: number; rowsPerSec: number; resyncs: number; snapshotRows: number }

export interface BenchPageApi {
  /** Instantiates DuckDB-WASM from the app's bundles and creates the app's tables. */
  openDb(): Promise<number>;
  /** The app's data plane: a history plan's lake Parquet files (in large groups) and hot part inserted into DuckDB-WASM. */
  loadArrow(fromMs: number): Promise<LoadResult>;
  /** The baseline: the same rows as JSON pages, parsed into typed columns. */
  loadJson(fromMs: number, toMs: number): Promise<LoadResult>;
  busiestProvince(): Promise<string>;
  runSql(name: QueryName, p: QueryParams, withResult: boolean): Promise<QueryRun>;
  runJs(name: QueryName, p: QueryParams, withResult: boolean): Promise<QueryRun>;
  memory(): Promise<PageMemory>;
  /** Runs the app's LiveDataset (snapshot + live stream into DuckDB-WASM) and measures the applied live rows. */
  stream(seconds: number): Promise<StreamResult>;
}

declare global {
  interface Window { opsdeckBench?: BenchPageApi }
}
