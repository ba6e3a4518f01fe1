// Row counts and time range per table across lake and hot window, optionally as of a live seq (the catalog's tables part);
// a scoped user's counts are of the rows their snapshots and live stream carry.
import type { Table } from 'apache-arrow';
import { isFactTable, type TableName } from '../../schema/tables.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { DataScope } from '../identity/dataScope.js';
import { countKeptRows, scopeFilterOf, scopeKeyOf } from './scopedRows.js';

export interface TableCatalogEntry {
  name: TableName;
  kind: 'dimension' | 'fact';
  rows: number;
  /** Rows with time >= sinceMs (facts), counting live batches up to atSeq; all rows for dimensions. */
  rowsSince: number | null;
  minTs: number | null;
  maxTs: number | null;
}

export const CATALOG_TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const;

export class TableCounts {
  // Lake rows before the coverage start never change, so their counts are cached per boundary.
  private readonly lakeCounts = new Map<string, number>();
  private readonly lakeBounds = new Map<TableName, { minTs: number | null; maxTs: number | null }>();

  constructor(private readonly facts: FactReader) {}

  private async lakeCount(table: TableName, fromMs: number | undefined, toMs: number | undefined, scope: DataScope): Promise<number> {
    const filter = scopeFilterOf(table, scope);
    const key = `${table}|${fromMs ?? ''}|${toMs ?? ''}${filter ? `|${scopeKeyOf(scope)}` : ''}`;
    let n = this.lakeCounts.get(key);
    if (n === undefined) {
      n = await this.facts.lake.count(table, { fromMs, toMs }, undefined, filter?.lake);
      if (this.lakeCounts.size > 1000) this.lakeCounts.clear();
      this.lakeCounts.set(key, n);
    }
    return n;
  }

  async entries(q: { sinceMs?: number | undefined; atSeq?: number | undefined }, scope: DataScope = DataScope.ALL): Promise<TableCatalogEntry[]> {
    const out: TableCatalogEntry[] = [];
    for (const name of CATALOG_TABLES) {
      if (!isFactTable(name)) {
        const rows = await this.lakeCount(name, undefined, undefined, scope);
        out.push({ name, kind: 'dimension', rows, rowsSince: rows, minTs: null, maxTs: null });
        continue;
      }
      // Both splits are taken synchronously, before any await: they describe one instant of the hot window.
      const since = q.sinceMs;
      const all = this.facts.split(name, {});
      const recent = since === undefined ? null : this.facts.split(name, { fromMs: since, atSeq: q.atSeq });
      const filter = scopeFilterOf(name, scope);
      const hotRows = (tables: Table[]) => tables.reduce((n, t) => n + (filter ? countKeptRows(t, filter) : t.numRows), 0);
      const rows = (all.lake ? await this.lakeCount(name, all.lake.fromMs, all.lake.toMs, scope) : 0) + hotRows(all.hot);
      const rowsSince = recent === null ? null
        : (recent.lake ? await this.lakeCount(name, recent.lake.fromMs, recent.lake.toMs, scope) : 0) + hotRows(recent.hot);
      let bounds = this.lakeBounds.get(name);
      if (!bounds) this.lakeBounds.set(name, (bounds = await this.facts.lake.timeBounds(name)));
      const hotMax = this.facts.hot?.maxTs(name) ?? null;
      const maxTs = hotMax === null ? bounds.maxTs : Math.max(hotMax, bounds.maxTs ?? -Infinity);
      out.push({ name, kind: 'fact', rows, rowsSince, minTs: bounds.minTs ?? this.facts.hot?.coverageStartMs ?? null, maxTs });
    }
    return out;
  }
}
