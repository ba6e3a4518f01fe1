// DuckDB DDL for the browser's tables, derived from the shared column specs (never a hand-written column list).
import { createTableSql, quoteIdent } from '../../schema/duckdbSql.js';
import { TABLES, type TableName } from '../../schema/tables.js';

export { quoteIdent };

export function createTableSqlFor(table: TableName): string {
  return createTableSql(table, TABLES[table].spec, { ifNotExists: true });
}

/** An empty twin of a table used to stage a live frame before a keyed anti-join insert. */
export function stagingTableName(table: TableName): string {
  return `${table}__staging`;
}

export function createStagingSqlFor(table: TableName): string {
  // A plain (not TEMP) table: the Arrow insert path addresses tables in the main schema.
  return createTableSql(stagingTableName(table), TABLES[table].spec, { ifNotExists: true });
}

/**
 * Inserts staged rows whose key is not yet present (and that fall inside the window), then empties
 * the staging table. Used only for a live frame that may overlap its table's snapshot.
 */
export function insertMissingFromStagingSql(table: TableName, sinceMs: number): string[] {
  const meta = TABLES[table];
  const t = quoteIdent(table);
  const s = quoteIdent(stagingTableName(table));
  const keyMatch = meta.key.map((k) => `x.${quoteIdent(k)} = s.${quoteIdent(k)}`).join(' AND ');
  const inWindow = 'timeColumn' in meta ? ` AND s.${quoteIdent(meta.timeColumn)} >= ${timestampLiteral(sinceMs)}` : '';
  return [
    `INSERT INTO ${t} SELECT s.* FROM ${s} s WHERE NOT EXISTS (SELECT 1 FROM ${t} x WHERE ${keyMatch})${inWindow}`,
    `DELETE FROM ${s}`,
  ];
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
