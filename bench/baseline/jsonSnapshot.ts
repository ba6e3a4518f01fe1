// The baseline's data plane: the same snapshot rows as `GET /data/:table`, serialised as column-oriented JSON.
import type { SnapshotRequest } from '../../schema/dataPlane.js';
import { TABLES, type FactTable } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';

/** Column name -> values (timestamps as epoch ms), the most compact plain-JSON shape short of a custom encoding. */
export type JsonColumns = Record<string, (number | string | null)[]>;

export interface JsonSnapshotPage { rows: number; columns: JsonColumns }

// V8 strings top out near 512 MiB, so large tables must be paged: the client asks for time slices.
export const JSON_PAGE_HOURS = 6;

/** Rows of a snapshot request, read through the same fact reader as `GET /data/:table` (lake before the hot window, then hot slices). */
export async function snapshotColumns(facts: FactReader, req: SnapshotRequest): Promise<JsonSnapshotPage> {
  const columns = (TABLES[req.table].kind === 'fact'
    ? await facts.columns(req.table as FactTable, { fromMs: req.fromMs, toMs: req.toMs }, req.columns)
    : await facts.lake.scan(req.table, {}, { columns: req.columns })) as JsonColumns;
  return { rows: columns[req.columns[0]!]?.length ?? 0, columns };
}

export function encodeJsonPage(page: JsonSnapshotPage): string {
  return JSON.stringify(page);
}
