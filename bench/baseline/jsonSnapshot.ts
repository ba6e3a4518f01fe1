// The baseline's data plane: the same snapshot rows as `GET /data/:table`, serialised as column-oriented JSON.
import type { Table } from 'apache-arrow';
import type { SnapshotRequest } from '../../schema/dataPlane.js';
import { TABLES, type FactTable } from '../../schema/tables.js';
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';

/** Column name -> values (timestamps as epoch ms), the most compact plain-JSON shape short of a custom encoding. */
export type JsonColumns = Record<string, (number | string | null)[]>;

export interface JsonSnapshotPage { rows: number; columns: JsonColumns }

// V8 strings top out near 512 MiB, so large tables must be paged: the client asks for time slices.
export const JSON_PAGE_HOURS = 6;

function appendArrow(out: JsonColumns, t: Table, columns: readonly string[]): void {
  for (const c of columns) {
    const vec = t.getChild(c);
    const dst = out[c]!;
    if (!vec) continue;
    for (const v of vec) dst.push(typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : (v as number | string | null));
  }
}

/** Rows of a snapshot request, from the same sources `buildSnapshot` uses (lake before the hot window, then hot slices). */
export async function snapshotColumns(lake: LakeReader, hot: HotWindow, req: SnapshotRequest): Promise<JsonSnapshotPage> {
  const meta = TABLES[req.table];
  if (meta.kind !== 'fact') {
    const cols = await lake.scan(req.table, {}, req.columns) as unknown as JsonColumns;
    return { rows: cols[req.columns[0]!]?.length ?? 0, columns: cols };
  }
  const table = req.table as FactTable;
  const coverage = hot.coverageStartMs;
  const hotParts = hot.select(table, { fromMs: req.fromMs, toMs: req.toMs });
  let columns: JsonColumns = Object.fromEntries(req.columns.map((c) => [c, []]));
  if (req.fromMs === undefined || req.fromMs < coverage) {
    const to = Math.min(req.toMs ?? Infinity, coverage);
    columns = await lake.scan(table, { fromMs: req.fromMs, toMs: to }, req.columns) as unknown as JsonColumns;
  }
  for (const t of hotParts) appendArrow(columns, t, req.columns);
  return { rows: columns[req.columns[0]!]?.length ?? 0, columns };
}

export function encodeJsonPage(page: JsonSnapshotPage): string {
  return JSON.stringify(page);
}
