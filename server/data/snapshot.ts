// Streams a snapshot of one table as Arrow IPC: lake rows before the hot window + hot-window slices,
// cut at one sequence number so the live stream can continue exactly after it; only rows of the user's data scope.
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import { columnsToTable, IpcStreamEncoder, IPC_STREAM_EOS, type ColumnsOf } from '../../schema/arrowRows.js';
import { arrowSchemaOf, type TableSpec } from '../../schema/columns.js';
import { TABLES, type FactTable, type TableName } from '../../schema/tables.js';
import type { SnapshotRequest } from '../../schema/dataPlane.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { LakeReader, RowFilter, TimeRange } from '../../pipelines/lake/lakeReader.js';
import { DataScope } from '../identity/dataScope.js';
import { keptRowIndices, scopeFilterOf, takeRows } from './scopedRows.js';

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
interface LakePart { table: TableName; range: TimeRange; files: string[]; filter?: RowFilter | undefined }

/** A scoped user's hot rows: whole hot slices and the indices of their in-scope rows, gathered only when streamed. */
interface ScopedHot { table: TableName; parts: Array<{ t: Table; kept: Uint32Array }> }

async function* ipcBytes(lake: LakeReader | null, spec: TableSpec, schema: Schema, columns: readonly string[],
  lakePart: LakePart | null, hotBatches: readonly RecordBatch[], scopedHot: ScopedHot | null, batchRows: number): AsyncGenerator<Uint8Array> {
  const enc = new IpcStreamEncoder(schema);
  yield enc.header();
  if (lake && lakePart) {
    for await (const cols of lake.scanBatches(lakePart.table, lakePart.range, { columns, files: lakePart.files, filter: lakePart.filter }, batchRows)) {
      const t = columnsToTable(spec, cols as ColumnsOf<TableSpec>);
      for (const b of t.batches) if (b.numRows) yield enc.batch(b);
    }
  }
  for (const b of hotBatches) if (b.numRows) yield enc.batch(b);
  if (scopedHot) {
    for (const { t, kept } of scopedHot.parts) {
      for (let i = 0; i < kept.length; i += batchRows) {
        for (const b of takeRows(scopedHot.table, t, kept.subarray(i, i + batchRows), columns).batches) if (b.numRows) yield enc.batch(b);
      }
    }
  }
  yield IPC_STREAM_EOS;
}

/**
 * Prepares a snapshot without materialising it: the hot part (seq, coverage, slices) is captured synchronously
 * so it describes one instant, then the lake rows are counted; bytes() scans and encodes batch by batch.
 * A scoped user's rows are filtered in the lake SQL and in the hot slices (by the scope column, requested or not);
 * an unscoped user takes the unfiltered path.
 */
export async function streamSnapshot(facts: FactReader, req: SnapshotRequest, scope: DataScope = DataScope.ALL,
  batchRows = SNAPSHOT_BATCH_ROWS): Promise<SnapshotStream> {
  const meta = TABLES[req.table];
  const spec = pickSpec(meta.spec, req.columns);
  const schema = arrowSchemaOf(spec);
  const filter = scopeFilterOf(req.table, scope);
  let lakePart: LakePart | null;
  let hotBatches: RecordBatch[] = [];
  let scopedHot: ScopedHot | null = null;
  let seq: number;
  if (meta.kind !== 'fact') {
    seq = facts.seq;
    lakePart = { table: req.table, range: {}, files: [] };
  } else {
    // The split is synchronous (no await before it): seq, coverage and slices are one instant.
    // Scoped: whole slices, since the scope column may not be among the requested ones.
    const split = facts.split(req.table as FactTable, { fromMs: req.fromMs, toMs: req.toMs }, filter ? undefined : req.columns);
    seq = split.seq;
    if (filter) scopedHot = { table: req.table, parts: split.hot.map((t) => ({ t, kept: keptRowIndices(t, filter) })) };
    else hotBatches = split.hot.flatMap((t) => t.batches);
    lakePart = split.lake && { table: req.table, range: split.lake, files: [] };
  }
  const { lake } = facts;
  let rows = hotBatches.reduce((n, b) => n + b.numRows, 0) + (scopedHot?.parts.reduce((n, p) => n + p.kept.length, 0) ?? 0);
  if (lakePart) {
    lakePart.files = await lake.files(lakePart.table);
    lakePart.filter = filter?.lake;
    rows += await lake.count(lakePart.table, lakePart.range, lakePart.files, lakePart.filter);
  }
  const part = lakePart;
  return { seq, rows, schema, bytes: () => ipcBytes(lake, spec, schema, req.columns, part, hotBatches, scopedHot, batchRows) };
}

/** A hot part cut earlier (a history plan's, every column): the same stream, without a lake part. */
export function hotPartStream(table: FactTable, seq: number, hot: readonly Table[]): SnapshotStream {
  const spec: TableSpec = TABLES[table].spec;
  const schema = arrowSchemaOf(spec);
  const batches = hot.flatMap((t) => t.batches);
  return {
    seq, rows: batches.reduce((n, b) => n + b.numRows, 0), schema,
    bytes: () => ipcBytes(null, spec, schema, Object.keys(spec), null, batches, null, SNAPSHOT_BATCH_ROWS),
  };
}
