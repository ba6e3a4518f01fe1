// Builds a snapshot of one table as Arrow IPC: lake rows before the hot window + hot-window slices,
// cut at one sequence number so the live stream can continue exactly after it.
import { Table } from 'apache-arrow';
import { columnsToTable, tableToIpcStream, type ColumnsOf } from '../../schema/arrowRows.js';
import { TABLES, type FactTable } from '../../schema/tables.js';
import type { TableSpec } from '../../schema/columns.js';
import type { SnapshotRequest } from '../../schema/dataPlane.js';
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';

export interface Snapshot { ipc: Uint8Array; rows: number; seq: number }

function pickSpec(spec: TableSpec, columns: readonly string[]): TableSpec {
  return Object.fromEntries(columns.map((c) => [c, spec[c]!]));
}

export async function buildSnapshot(lake: LakeReader, hot: HotWindow, req: SnapshotRequest): Promise<Snapshot> {
  const meta = TABLES[req.table];
  const spec = pickSpec(meta.spec, req.columns);
  if (meta.kind !== 'fact') {
    const cols = await lake.scan(req.table, {}, req.columns);
    const t = columnsToTable(spec, cols as ColumnsOf<TableSpec>);
    return { ipc: tableToIpcStream(t), rows: t.numRows, seq: hot.seq };
  }
  const table = req.table as FactTable;
  // Capture the hot part synchronously: seq, coverage and slices describe the same instant.
  const seq = hot.seq;
  const coverage = hot.coverageStartMs;
  const hotParts = hot.select(table, { fromMs: req.fromMs, toMs: req.toMs }).map((t) => t.select(req.columns));
  const parts: Table[] = [];
  if (req.fromMs === undefined || req.fromMs < coverage) {
    const to = Math.min(req.toMs ?? Infinity, coverage);
    const cols = await lake.scan(table, { fromMs: req.fromMs, toMs: to }, req.columns);
    const t = columnsToTable(spec, cols as ColumnsOf<TableSpec>);
    if (t.numRows) parts.push(t);
  }
  parts.push(...hotParts);
  const empty = columnsToTable(spec, Object.fromEntries(req.columns.map((c) => [c, []])) as ColumnsOf<TableSpec>);
  const all = new Table(empty.schema, parts.flatMap((p) => p.batches));
  return { ipc: tableToIpcStream(all), rows: all.numRows, seq };
}
