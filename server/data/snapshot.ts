// Streams a snapshot of one table as Arrow IPC: lake rows before the hot window + hot-window slices,
// cut at one sequence number so the live stream can continue exactly after it.
import type { RecordBatch, Schema } from 'apache-arrow';
import { columnsToTable, IpcStreamEncoder, IPC_STREAM_EOS, type ColumnsOf } from '../../schema/arrowRows.js';
import { arrowSchemaOf, type TableSpec } from '../../schema/columns.js';
import { TABLES, type FactTable, type TableName } from '../../schema/tables.js';
import type { SnapshotRequest } from '../../schema/dataPlane.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { LakeReader, TimeRange } from '../../pipelines/lake/lakeReader.js';

/**
 * Lake rows per Arrow record batch: big enough that per-batch overhead (IPC framing, DuckDB-WASM append)
 * is noise, small enough that the server holds one batch (~10-20 MB of JS values) per request in flight.
 */
export const SNAPSHOT_BATCH_ROWS = 131_072;

export interface SnapshotStream {
  /** Last live seq the snapshot contains. */
  seq: number;
  /** Rows the stream will carry, counted before streaming (Parquet count over the same files + hot slices). */
  rows: number;
  schema: Schema;
  /** Arrow IPC stream bytes: schema message, one message per record batch, end-of-stream marker. */
  bytes(): AsyncGenerator<Uint8Array>;
}

function pickSpec(spec: TableSpec, columns: readonly string[]): TableSpec {
  return Object.fromEntries(columns.map((c) => [c, spec[c]!]));
}

/** Lake part of a snapshot: a fixed file list so the up-front count and the streamed rows see the same data. */
interface LakePart { table: TableName; range: TimeRange; files: string[] }

async function* ipcBytes(lake: LakeReader, spec: TableSpec, schema: Schema, columns: readonly string[],
  lakePart: LakePart | null, hotBatches: readonly RecordBatch[], batchRows: number): AsyncGenerator<Uint8Array> {
  const enc = new IpcStreamEncoder(schema);
  yield enc.header();
  if (lakePart) {
    for await (const cols of lake.scanBatches(lakePart.table, lakePart.range, { columns, files: lakePart.files }, batchRows)) {
      const t = columnsToTable(spec, cols as ColumnsOf<TableSpec>);
      for (const b of t.batches) if (b.numRows) yield enc.batch(b);
    }
  }
  for (const b of hotBatches) if (b.numRows) yield enc.batch(b);
  yield IPC_STREAM_EOS;
}

/**
 * Prepares a snapshot without materialising it: the hot part (seq, coverage, slices) is captured synchronously
 * so it describes one instant, then the lake rows are counted; bytes() scans and encodes batch by batch.
 */
export async function streamSnapshot(facts: FactReader, req: SnapshotRequest,
  batchRows = SNAPSHOT_BATCH_ROWS): Promise<SnapshotStream> {
  const meta = TABLES[req.table];
  const spec = pickSpec(meta.spec, req.columns);
  const schema = arrowSchemaOf(spec);
  let lakePart: LakePart | null;
  let hotBatches: RecordBatch[] = [];
  let seq: number;
  if (meta.kind !== 'fact') {
    seq = facts.seq;
    lakePart = { table: req.table, range: {}, files: [] };
  } else {
    // The split is synchronous (no await before it): seq, coverage and slices are one instant.
    const split = facts.split(req.table as FactTable, { fromMs: req.fromMs, toMs: req.toMs }, req.columns);
    seq = split.seq;
    hotBatches = split.hot.flatMap((t) => t.batches);
    lakePart = split.lake && { table: req.table, range: split.lake, files: [] };
  }
  const { lake } = facts;
  let rows = hotBatches.reduce((n, b) => n + b.numRows, 0);
  if (lakePart) {
    lakePart.files = await lake.files(lakePart.table);
    rows += await lake.count(lakePart.table, lakePart.range, lakePart.files);
  }
  const part = lakePart;
  return { seq, rows, schema, bytes: () => ipcBytes(lake, spec, schema, req.columns, part, hotBatches, batchRows) };
}
