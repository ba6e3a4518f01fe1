// DuckDB SQL derived from table specs (node and WASM alike), so no query re-declares a column list.
import { duckdbTypeOf, type TableSpec } from './columns.js';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** CREATE TABLE statement whose column types match the Arrow schema of the spec. */
/** CREATE TABLE whose column order and types match the spec, so positional Arrow inserts line up. */
export function createTableSql(table: string, spec: TableSpec, opts: { orReplace?: boolean; ifNotExists?: boolean } = {}): string {
  const cols = Object.entries(spec)
    .map(([n, c]) => `${quoteIdent(n)} ${duckdbTypeOf(c.kind)}${c.nullable ? '' : ' NOT NULL'}`)
    .join(', ');
  return `CREATE ${opts.orReplace ? 'OR REPLACE ' : ''}TABLE ${opts.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdent(table)} (${cols})`;
}

/**
 * SELECT list that returns every column as a plain JS number or string: timestamps as epoch ms and
 * BIGINTs as DOUBLE (our int64 values are safe integers), so results convert without BigInt/Date.
 */
export function jsFriendlySelect(spec: TableSpec, columns: readonly string[] = Object.keys(spec)): string {
  return columns.map((n) => {
    const c = spec[n];
    if (!c) throw new Error(`unknown column ${n}`);
    const q = quoteIdent(n);
    if (c.kind === 'timestampMs') return `epoch_ms(${q})::DOUBLE AS ${q}`;
    if (c.kind === 'int64') return `${q}::DOUBLE AS ${q}`;
    return q;
  }).join(', ');
}

/** `read_parquet([...])` over an explicit file list (a fixed list keeps a query's view consistent). */
export function readParquetSql(files: readonly string[]): string {
  return `read_parquet([${files.map(quoteLiteral).join(', ')}], union_by_name = false, hive_partitioning = false)`;
}
