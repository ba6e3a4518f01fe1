// A Parquet file as an Arrow IPC stream DuckDB can append (given a Parquet reader: parquet-wasm's, in the browser or in
// node tests), holding exactly the table's columns in table order: appends are positional, so a file with its columns in
// another order or with extra ones (e.g. a hive `date` column) is re-cut, and one missing a column fails loudly.
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { ParquetDecoder } from './historyLoader.js';

/** parquet-wasm's `readParquet` shape: decodes in WebAssembly memory, `intoIPCStream` hands the bytes out. */
export type ReadParquet = (parquet: Uint8Array, options: { batchSize: number }) => { intoIPCStream(): Uint8Array };

/** Record batches of this many rows: few and large, which is what DuckDB-WASM appends fastest. */
const BATCH_ROWS = 1 << 17;

export function parquetDecoder(readParquet: ReadParquet): ParquetDecoder {
  return (parquet, columns) => {
    const ipc = readParquet(parquet, { batchSize: BATCH_ROWS }).intoIPCStream();
    // Reads only the messages' headers: the column buffers stay where they are.
    const t = tableFromIPC(ipc);
    const names = t.schema.fields.map((f) => f.name);
    if (names.join(',') === columns.join(',')) return { ipc, rows: t.numRows };
    const missing = columns.filter((c) => !names.includes(c));
    if (missing.length) throw new Error(`lake file lacks column(s) ${missing.join(', ')} (it has ${names.join(', ')})`);
    return { ipc: tableToIPC(t.select([...columns]), 'stream'), rows: t.numRows };
  };
}
