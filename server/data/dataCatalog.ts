// What a client syncs against: the live seq and clock, lake and hot-window bounds, and row counts per table.
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';
import type { Clock } from '../../pipelines/sources/simClock.js';
import { CatalogService } from './catalog.js';

export interface CatalogQuery { sinceMs?: number | undefined; atSeq?: number | undefined }

export class DataCatalog {
  private readonly tables: CatalogService;

  constructor(private readonly lake: LakeReader, private readonly hot: HotWindow, private readonly clock: Clock) {
    this.tables = new CatalogService(lake, hot);
  }

  async report(q: CatalogQuery = {}) {
    const { manifest } = this.lake;
    return {
      seq: this.hot.seq,
      nowMs: this.clock.now(),
      lake: { startMs: manifest.startMs, endMs: manifest.endMs, seed: manifest.seed },
      hotWindow: { startMs: this.hot.coverageStartMs, hours: this.hot.hours },
      tables: await this.tables.entries({ sinceMs: q.sinceMs, atSeq: q.atSeq }),
    };
  }
}
