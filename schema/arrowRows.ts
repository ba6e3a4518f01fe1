// Conversions between typed rows and Arrow tables / IPC bytes, driven by the table spec.
import {
  makeData, RecordBatch, RecordBatchReader, Struct, Table, type Schema, tableFromIPC, tableToIPC,
  type Data, type Float64, type Int32, type Int64, type TimestampMillisecond, type Utf8,
} from 'apache-arrow';
import { arrowSchemaOf, arrowTypeOf, type RowOf, type TableSpec } from './columns.js';

/** Column-major values of a table: one array per column, equal lengths. */
export type ColumnsOf<T extends TableSpec> = { [K in keyof T]: RowOf<T>[K][] };

const utf8Encoder = new TextEncoder();
const EMPTY: Uint8Array = new Uint8Array(0);
/** Past this many distinct strings a column is not worth caching encodings for. */
const MAX_CACHED_STRINGS = 4096;

/** Validity bitmap (bit set = value present) and null count; null bitmap omitted when all valid. */
function validityOf(values: readonly unknown[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (const v of values) if (v === null || v === undefined) nullCount++;
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) if (values[i] !== null && values[i] !== undefined) bitmap[i >> 3]! |= 1 << (i & 7);
  return { nullBitmap: bitmap, nullCount };
}

/** UTF-8 column: offsets + one byte buffer, encoding each distinct string once (most columns are enums). */
function utf8Data(values: readonly unknown[], nullBitmap: Uint8Array | undefined, nullCount: number): Data {
  const n = values.length;
  const cache = new Map<string, Uint8Array>();
  const encoded: Uint8Array[] = new Array(n);
  const valueOffsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let e: Uint8Array = EMPTY;
    if (typeof v === 'string') {
      const hit = cache.get(v);
      if (hit) e = hit;
      else {
        e = utf8Encoder.encode(v);
        if (cache.size < MAX_CACHED_STRINGS) cache.set(v, e);
      }
    }
    encoded[i] = e;
    total += e.length;
    valueOffsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let i = 0; i < n; i++) data.set(encoded[i]!, valueOffsets[i]!);
  return makeData({ type: arrowTypeOf('utf8') as Utf8, length: n, nullCount, nullBitmap, valueOffsets, data });
}

/**
 * One column's Arrow data straight from JS values into typed buffers (the builder API costs several
 * times more per value, which dominated snapshot encoding). Nulls get a zero slot plus a cleared bit.
 */
function buildData(kind: TableSpec[string]['kind'], values: readonly unknown[]): Data {
  const n = values.length;
  const { nullBitmap, nullCount } = validityOf(values);
  const type = arrowTypeOf(kind);
  switch (kind) {
    case 'utf8': return utf8Data(values, nullBitmap, nullCount);
    case 'int32': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number | null) ?? 0;
      return makeData({ type: type as Int32, length: n, nullCount, nullBitmap, data });
    }
    case 'float64': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number | null) ?? 0;
      return makeData({ type: type as Float64, length: n, nullCount, nullBitmap, data });
    }
    case 'int64':
    case 'timestampMs': {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) { const v = values[i]; data[i] = v === null || v === undefined ? 0n : BigInt(v as number); }
      return kind === 'int64'
        ? makeData({ type: type as Int64, length: n, nullCount, nullBitmap, data })
        : makeData({ type: type as TimestampMillisecond, length: n, nullCount, nullBitmap, data });
    }
  }
}

/** Builds an Arrow table with exactly the spec's schema from row objects. */
export function rowsToTable<T extends TableSpec>(spec: T, rows: readonly RowOf<T>[]): Table {
  const cols: Record<string, unknown[]> = {};
  for (const name of Object.keys(spec)) cols[name] = rows.map((r) => (r as Record<string, unknown>)[name]);
  return columnsToTable(spec, cols as ColumnsOf<T>);
}

export function columnsToTable<T extends TableSpec>(spec: T, cols: ColumnsOf<T>): Table {
  const schema = arrowSchemaOf(spec);
  const children = Object.entries(spec).map(([name, c]) =>
    buildData(c.kind, (cols as Record<string, unknown[]>)[name] ?? []));
  const length = children[0]?.length ?? 0;
  // Assemble the batch against the canonical schema so every producer emits identical field metadata.
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

function toJs(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v;
}

/** Reads rows back as plain objects (int64 -> number, timestamps -> epoch ms). */
export function tableToRows<T extends TableSpec>(spec: T, table: Table): RowOf<T>[] {
  const names = Object.keys(spec);
  const vecs = names.map((n) => table.getChild(n));
  const out: RowOf<T>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const r: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) r[names[j]!] = toJs(vecs[j]?.get(i) ?? null);
    out[i] = r as RowOf<T>;
  }
  return out;
}

/** Arrow IPC stream format: what the data plane sends and DuckDB-WASM ingests. */
export function tableToIpcStream(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** End-of-stream marker of the Arrow IPC stream format: continuation token + zero metadata length. */
export const IPC_STREAM_EOS: Uint8Array = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * Encodes an Arrow IPC stream one record batch at a time, so a large snapshot can be written to a socket
 * as it is produced: `header()` once (the schema message), `batch(b)` per batch, then IPC_STREAM_EOS.
 * Each piece is cut from a one-batch stream of the same schema (schema | batch | EOS), which Arrow's writer
 * lays out deterministically; a mismatching prefix throws rather than emitting a corrupt stream.
 */
export class IpcStreamEncoder {
  private readonly head: Uint8Array;
  constructor(readonly schema: Schema) {
    const empty = tableToIPC(new Table(schema), 'stream');
    this.head = empty.subarray(0, empty.byteLength - IPC_STREAM_EOS.byteLength);
  }

  header(): Uint8Array { return this.head; }

  batch(batch: RecordBatch): Uint8Array {
    const whole = tableToIPC(new Table(this.schema, [batch]), 'stream');
    const h = this.head;
    for (let i = 0; i < h.byteLength; i++) {
      if (whole[i] !== h[i]) throw new Error('IpcStreamEncoder: batch stream does not start with the schema message');
    }
    return whole.subarray(h.byteLength, whole.byteLength - IPC_STREAM_EOS.byteLength);
  }
}

export function ipcToTable(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

export { RecordBatchReader };
