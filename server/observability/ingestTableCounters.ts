// Accepted events per fact table since the process started (the pipeline keeps one total), for /metrics.
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import { FACT_TABLES, type FactTable } from '../../schema/tables.js';

export class IngestTableCounters {
  private readonly accepted = Object.fromEntries(FACT_TABLES.map((t) => [t, 0])) as Record<FactTable, number>;
  private readonly unsubscribe: () => void;

  /**
   * Sources start before the HTTP layer exists, so the chunks they appended first are counted from the hot window
   * (live chunks have seq > 0 and leave it only hours later) in the same synchronous step as the subscription:
   * no chunk is missed or counted twice, and the sum equals the pipeline's `acceptedTotal`.
   */
  constructor(ingest: IngestPipeline, hot: HotWindow) {
    for (const c of hot.chunksAfter(0)) this.accepted[c.table] += c.data.numRows;
    this.unsubscribe = ingest.onChunk((c) => { this.accepted[c.table] += c.data.numRows; });
  }

  snapshot(): Readonly<Record<FactTable, number>> { return { ...this.accepted }; }

  close(): void { this.unsubscribe(); }
}
