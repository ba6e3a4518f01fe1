// The browser's Parquet decoder (parquet-wasm, loaded once from the app's own assets). DuckDB-WASM reads Parquet only
// through an extension it downloads from the internet at first use, which an offline or locked-down site cannot do.
import initParquetWasm, { readParquet } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetDecoder } from './historyLoader.js';
import { parquetDecoder } from './parquetIpc.js';

let ready: Promise<ParquetDecoder> | null = null;

export function loadParquetDecoder(): Promise<ParquetDecoder> {
  ready ??= initParquetWasm({ module_or_path: parquetWasmUrl }).then(() => parquetDecoder(readParquet));
  return ready;
}
