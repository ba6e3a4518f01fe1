// Conversions between typed rows and Arrow tables / IPC bytes, driven by the table spec.
import {
  makeBuilder, makeData, RecordBatch, RecordBatchReader, Struct, Table, tableFromIPC, tableToIPC, type Data,
} from 'apache-arrow';
import { arrowSchemaOf, arrowTypeOf, type RowOf, type TableSpec } from './columns.js';

/** Column-major values of a table: one array per column, equal lengths. */
export type ColumnsOf<T extends TableSpec> = { [K in keyof T]: RowOf<T>[K][] };

function buildData(kind: TableSpec[string]['kind'], nullable: boolean, values: readonly unknown[]): Data {
  const b = makeBuilder({ type: arrowTypeOf(kind), nullValues: nullable ? [null, undefined] : [] });
  if (kind === 'int64') for (const v of values) b.append(v === null || v === undefined ? null : BigInt(v as number));
  else for (const v of values) b.append(v);
  return b.flush();
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
    buildData(c.kind, c.nullable, (cols as Record<string, unknown[]>)[name] ?? []));
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

export function ipcToTable(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

export { RecordBatchReader };
