// What a client syncs against: the live seq and clock, lake and hot-window bounds, and row counts per table (of the user's scope).
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { Clock } from '../../pipelines/sources/simClock.js';
import { TableCounts } from './tableCounts.js';
import { DataScope } from '../identity/dataScope.js';

export interface CatalogQuery { sinceMs?: number | undefined; atSeq?: number | undefined }

export class DataCatalog {
  private readonly tables: TableCounts;

  constructor(private readonly facts: FactReader, private readonly clock: Clock) {
    this.tables = new TableCounts(facts);
  }

  async report(q: CatalogQuery = {}, scope: DataScope = DataScope.ALL) {
    const { lake, hot } = this.facts;
    const { manifest } = lake;
    return {
      seq: this.facts.seq,
      nowMs: this.clock.now(),
      lake: { startMs: manifest.startMs, endMs: manifest.endMs, seed: manifest.seed },
      hotWindow: { startMs: hot?.coverageStartMs ?? manifest.endMs, hours: hot?.hours ?? 0 },
      tables: await this.tables.entries({ sinceMs: q.sinceMs, atSeq: q.atSeq }, scope),
    };
  }
}
