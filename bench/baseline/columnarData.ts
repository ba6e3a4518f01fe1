// The baseline's in-memory store: JSON pages parsed into typed column arrays (numbers) and string arrays.
import type { ColumnKind } from '../../schema/columns.js';
import { TABLES } from '../../schema/tables.js';
import type { JsonSnapshotPage } from './jsonSnapshot.js';

export interface ColumnarTable {
  rows: number;
  /** Numeric and timestamp columns (epoch ms); null -> NaN. */
  num: Record<string, Float64Array>;
  str: Record<string, string[]>;
}

export const BASELINE_TABLES = ['site', 'tier', 'account', 'usage', 'kpi'] as const;
export type BaselineTable = (typeof BASELINE_TABLES)[number];
export type ColumnarDataset = Record<BaselineTable, ColumnarTable>;

const isString = (k: ColumnKind) => k === 'utf8';

/** Concatenates parsed pages into one table; typed arrays keep numbers unboxed and compact, as a careful JS app would. */
export function columnarFromPages(table: BaselineTable, pages: readonly JsonSnapshotPage[]): ColumnarTable {
  const spec = TABLES[table].spec;
  const rows = pages.reduce((n, p) => n + p.rows, 0);
  const out: ColumnarTable = { rows, num: {}, str: {} };
  for (const [name, c] of Object.entries(spec)) {
    if (isString(c.kind)) {
      const dst: string[] = new Array(rows);
      let o = 0;
      for (const p of pages) { const src = p.columns[name] ?? []; for (let i = 0; i < p.rows; i++) dst[o++] = src[i] as string; }
      out.str[name] = dst;
    } else {
      const dst = new Float64Array(rows);
      let o = 0;
      for (const p of pages) { const src = p.columns[name] ?? []; for (let i = 0; i < p.rows; i++) { const v = src[i]; dst[o++] = v === null || v === undefined ? NaN : (v as number); } }
      out.num[name] = dst;
    }
  }
  return out;
}

export function numCol(t: ColumnarTable, name: string): Float64Array {
  const c = t.num[name];
  if (!c) throw new Error(`no numeric column ${name}`);
  return c;
}

export function strCol(t: ColumnarTable, name: string): string[] {
  const c = t.str[name];
  if (!c) throw new Error(`no string column ${name}`);
  return c;
}
