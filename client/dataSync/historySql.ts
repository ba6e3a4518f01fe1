// The SQL that fills the browser's raw and rollup tables from staged rows: decoded lake files, a hot part or a live batch
// (pure: DuckDB-WASM runs it, and the tests run the very same statements in DuckDB node against a real server's files).
import { quoteIdent } from '../../schema/duckdbSql.js';
import { ROLLUPS, rollupSelectSql, type RollupDims, type RollupName } from '../../schema/rollups.js';
import { TABLES, type FactTable, type TableName } from '../../schema/tables.js';
import { timestampLiteral } from '../db/tableDdl.js';

/** A half-open time range [fromMs, toMs); null ends are unbounded. */
export interface Span { fromMs: number | null; toMs: number | null }

/** A rollup and the table (it, or its load twin) its rows go to. */
export interface RollupTarget { name: RollupName; target: string }

function whereTime(column: string, s: Span | null, qualifier = ''): string {
  const c = `${qualifier}${quoteIdent(column)}`;
  const conds = [
    ...(s?.fromMs != null ? [`${c} >= ${timestampLiteral(s.fromMs)}`] : []),
    ...(s?.toMs != null ? [`${c} < ${timestampLiteral(s.toMs)}`] : []),
  ];
  return conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
}

function columnsOf(spec: object): string {
  return Object.keys(spec).map(quoteIdent).join(', ');
}

const timeColumnOf = (table: TableName): string | null => ('timeColumn' in TABLES[table] ? (TABLES[table] as { timeColumn: string }).timeColumn : null);

/** A raw table's rows from a relation of its columns (staged file rows), inside `span` (a dimension takes every row). */
export function insertRawSql(table: TableName, target: string, from: string, span: Span | null): string {
  const cols = columnsOf(TABLES[table].spec);
  const tc = timeColumnOf(table);
  return `INSERT INTO ${quoteIdent(target)} (${cols}) SELECT ${cols} FROM ${quoteIdent(from)}${tc ? whereTime(tc, span) : ''}`;
}

/** Rollup rows built from the raw rows of a relation inside `span`; `dims` name the tables holding the dimensions now. */
export function insertRollupFromRawSql(r: RollupTarget, from: string, span: Span, dims: RollupDims): string {
  const tc = timeColumnOf(ROLLUPS[r.name].source)!;
  return `INSERT INTO ${quoteIdent(r.target)} ${rollupSelectSql(r.name, `(SELECT * FROM ${quoteIdent(from)}${whereTime(tc, span)})`, quoted(dims))}`;
}

const quoted = (dims: RollupDims): RollupDims => ({ account: quoteIdent(dims.account) });

/** A rollup's own rows (staged from its day files): those of buckets before `cutMs` (null: all of them). */
export function insertRollupRowsSql(r: RollupTarget, from: string, cutMs: number | null): string {
  const cols = columnsOf(ROLLUPS[r.name].spec);
  return `INSERT INTO ${quoteIdent(r.target)} (${cols}) SELECT ${cols} FROM ${quoteIdent(from)}${whereTime('ts', { fromMs: null, toMs: cutMs })}`;
}

/** Empties a staging table. */
export function clearSql(staging: string): string {
  return `DELETE FROM ${quoteIdent(staging)}`;
}

/**
 * Staged rows of a fact table (a hot part or a live batch, every column) into the raw table (those inside `span`) and
 * into each rollup (all of them: rollups hold every day), then empties the staging table. `dedupe` first drops staged
 * rows whose key the raw table already holds (a live frame that may overlap what was loaded). `dims` name the tables
 * holding the dimensions a rollup joins (during a first load: their load twins).
 */
export function applyStagedSql(o: {
  table: FactTable; staging: string; target: string; span: Span; rollups: readonly RollupTarget[]; dims: RollupDims; dedupe: boolean;
}): string[] {
  const s = quoteIdent(o.staging);
  const t = quoteIdent(o.target);
  const keyMatch = TABLES[o.table].key.map((k) => `x.${quoteIdent(k)} = ${s}.${quoteIdent(k)}`).join(' AND ');
  return [
    ...(o.dedupe ? [`DELETE FROM ${s} WHERE EXISTS (SELECT 1 FROM ${t} x WHERE ${keyMatch})`] : []),
    `INSERT INTO ${t} SELECT * FROM ${s}${whereTime(TABLES[o.table].timeColumn, o.span)}`,
    ...o.rollups.map((r) => `INSERT INTO ${quoteIdent(r.target)} ${rollupSelectSql(r.name, s, quoted(o.dims))}`),
    clearSql(o.staging),
  ];
}
