// Row counts and time range per table across lake and hot window, optionally as of a live seq.
import { TABLES, isFactTable, type TableName } from '../../schema/tables.js';
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';

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

export class CatalogService {
  // Lake rows before the coverage start never change, so their counts are cached per boundary.
  private readonly lakeCounts = new Map<string, number>();
  private readonly lakeBounds = new Map<TableName, { minTs: number | null; maxTs: number | null }>();

  constructor(private readonly lake: LakeReader, private readonly hot: HotWindow) {}

  private async lakeCount(table: TableName, fromMs: number | undefined, toMs: number | undefined): Promise<number> {
    const key = `${table}|${fromMs ?? ''}|${toMs ?? ''}`;
    let n = this.lakeCounts.get(key);
    if (n === undefined) {
      n = await this.lake.count(table, { fromMs, toMs });
      if (this.lakeCounts.size > 1000) this.lakeCounts.clear();
      this.lakeCounts.set(key, n);
    }
    return n;
  }

  async entries(q: { sinceMs?: number | undefined; atSeq?: number | undefined }): Promise<TableCatalogEntry[]> {
    const out: TableCatalogEntry[] = [];
    for (const name of CATALOG_TABLES) {
      if (!isFactTable(name)) {
        const rows = await this.lakeCount(name, undefined, undefined);
        out.push({ name, kind: 'dimension', rows, rowsSince: rows, minTs: null, maxTs: null });
        continue;
      }
      // Read the hot window synchronously, before any await: an eviction during a lake query would
      // otherwise move the coverage start and drop rows from both sides.
      const cov = this.hot.coverageStartMs;
      const hotAll = this.hot.count(name, {});
      const since = q.sinceMs;
      const hotSince = since === undefined ? 0 : this.hot.count(name, { fromMs: since, atSeq: q.atSeq });
      const rows = (await this.lakeCount(name, undefined, cov)) + hotAll;
      const rowsSince = since === undefined ? null
        : since >= cov ? hotSince : (await this.lakeCount(name, since, cov)) + hotSince;
      let bounds = this.lakeBounds.get(name);
      if (!bounds) this.lakeBounds.set(name, (bounds = await this.lake.timeBounds(name)));
      const hotMax = this.hot.maxTs(name);
      const maxTs = hotMax === null ? bounds.maxTs : Math.max(hotMax, bounds.maxTs ?? -Infinity);
      out.push({ name, kind: 'fact', rows, rowsSince, minTs: bounds.minTs ?? this.hot.coverageStartMs, maxTs });
    }
    return out;
  }
}
