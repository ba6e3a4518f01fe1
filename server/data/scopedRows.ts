// Which rows of a table a data scope lets out, as a lake SQL filter and as a row filter over Arrow tables (hot window, live).
import type { Table } from 'apache-arrow';
import { columnsToTable, type ColumnsOf } from '../../schema/arrowRows.js';
import type { TableSpec } from '../../schema/columns.js';
import { TABLES, type TableName } from '../../schema/tables.js';
import type { RowFilter } from '../../pipelines/lake/lakeReader.js';
import type { DataScope } from '../identity/dataScope.js';

/** The rows of `table` a scoped user may see: those whose `column` value is in `keep`. */
export interface ScopeRowFilter {
  column: 'site_id' | 'province';
  keep: ReadonlySet<number> | ReadonlySet<string>;
  /** The same filter as lake SQL (values sorted, so equal scopes give equal queries). */
  lake: RowFilter;
}

/** The column that places a row of `table` in a scope: sites and facts by site, accounts by the province serving them. */
export function scopeColumnOf(table: TableName): ScopeRowFilter['column'] | null {
  if (table === 'tier') return null;
  return table === 'account' ? 'province' : 'site_id';
}

/** The filter a scoped user's rows of `table` need; null when every row may leave (unscoped user or unscoped table). */
export function scopeFilterOf(table: TableName, scope: DataScope): ScopeRowFilter | null {
  if (scope.unrestricted) return null;
  const column = scopeColumnOf(table);
  if (!column) return null;
  if (column === 'province') {
    const keep = scope.provinces ?? new Set<string>();
    return { column, keep, lake: { column, values: [...keep].sort() } };
  }
  const keep = scope.siteIds ?? new Set<number>();
  return { column, keep, lake: { column, values: [...keep].sort((a, b) => a - b) } };
}

/** A stable key of a scope (for caches shared by users with the same scope); '' for unscoped. */
export function scopeKeyOf(scope: DataScope): string {
  const s = scope.scope;
  if (!s || scope.unrestricted) return '';
  return JSON.stringify([[...s.regions].sort(), [...s.provinces].sort()]);
}

function scopeValues(t: Table, f: ScopeRowFilter): ArrayLike<unknown> {
  const v = t.getChild(f.column);
  if (!v) throw new Error(`no column ${f.column} to scope rows by`);
  return v.toArray() as ArrayLike<unknown>;
}

/** Indices of the rows of `t` the filter keeps, in row order. */
export function keptRowIndices(t: Table, f: ScopeRowFilter): Uint32Array {
  const values = scopeValues(t, f);
  const keep = f.keep as ReadonlySet<unknown>;
  const out = new Uint32Array(t.numRows);
  let n = 0;
  for (let i = 0; i < t.numRows; i++) if (keep.has(values[i])) out[n++] = i;
  // A copy of the kept part, so a snapshot in flight does not hold a full-size index per slice.
  return out.slice(0, n);
}

/** How many rows of `t` the filter keeps. */
export function countKeptRows(t: Table, f: ScopeRowFilter): number {
  const values = scopeValues(t, f);
  const keep = f.keep as ReadonlySet<unknown>;
  let n = 0;
  for (let i = 0; i < t.numRows; i++) if (keep.has(values[i])) n++;
  return n;
}

function toJs(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v;
}

/** The rows at `indices` of some columns of `t` (of table `table`), as a new Arrow table of exactly those columns in that order. */
export function takeRows(table: TableName, t: Table, indices: ArrayLike<number>, columns: readonly string[]): Table {
  const full: TableSpec = TABLES[table].spec;
  const spec: TableSpec = Object.fromEntries(columns.map((c) => [c, full[c]!]));
  const cols: Record<string, unknown[]> = {};
  for (const c of columns) {
    const v = t.getChild(c);
    if (!v) throw new Error(`no column ${c}`);
    const dst = new Array<unknown>(indices.length);
    for (let i = 0; i < indices.length; i++) dst[i] = toJs(v.get(indices[i]!));
    cols[c] = dst;
  }
  return columnsToTable(spec, cols as ColumnsOf<TableSpec>);
}

/** The rows of `t` in scope (every column); `t` itself when the filter keeps all of them. */
export function scopeRows(table: TableName, t: Table, f: ScopeRowFilter): Table {
  const kept = keptRowIndices(t, f);
  if (kept.length === t.numRows) return t;
  return takeRows(table, t, kept, t.schema.fields.map((x) => x.name));
}
