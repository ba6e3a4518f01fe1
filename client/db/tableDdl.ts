// DuckDB DDL for the browser's tables, derived from the shared column specs (never a hand-written column list).
import { createTableSql, quoteIdent } from '../../schema/duckdbSql.js';
import { ROLLUPS, type RollupName } from '../../schema/rollups.js';
import { TABLES, type TableName } from '../../schema/tables.js';

export { quoteIdent };

/** A raw table, or a twin of it named `as` (same columns and types). */
export function createTableSqlFor(table: TableName, as: string = table): string {
  return createTableSql(as, TABLES[table].spec, { ifNotExists: true });
}

/** A rollup table named exactly as the rollup (e.g. `kpi_5m`), or a twin named `as`. */
export function createRollupTableSql(name: RollupName, as: string = name): string {
  return createTableSql(as, ROLLUPS[name].spec, { ifNotExists: true });
}

/** The twin a history load fills while views still read the table itself. */
export function loadTableName(name: string): string {
  return `${name}__load`;
}

/**
 * Puts a loaded twin in the table's place and leaves an empty twin for the next load (run in one exclusive turn with
 * the seq it belongs to, so views see the old table or the new one, never half of either). `createTwin` makes the twin.
 */
export function replaceWithLoadedSql(name: string, createTwin: string): string[] {
  return [`DROP TABLE IF EXISTS ${quoteIdent(name)}`, `ALTER TABLE ${quoteIdent(loadTableName(name))} RENAME TO ${quoteIdent(name)}`, createTwin];
}

/** An empty twin of a table (or rollup) where rows wait to be cut, deduplicated or rolled up before they go in. */
export function stagingTableName(table: string): string {
  return `${table}__staging`;
}

export function createStagingSqlFor(table: TableName): string {
  // A plain (not TEMP) table: the Arrow insert path addresses tables in the main schema.
  return createTableSql(stagingTableName(table), TABLES[table].spec, { ifNotExists: true });
}

/** Removes rows older than the window start (live rows can arrive late). */
export function deleteBeforeSql(table: TableName, sinceMs: number): string | null {
  const meta = TABLES[table];
  if (!('timeColumn' in meta)) return null;
  return `DELETE FROM ${quoteIdent(table)} WHERE ${quoteIdent(meta.timeColumn)} < ${timestampLiteral(sinceMs)}`;
}

export function timestampLiteral(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new Error(`not an epoch-ms integer: ${ms}`);
  return `epoch_ms(${ms}::BIGINT)`;
}
