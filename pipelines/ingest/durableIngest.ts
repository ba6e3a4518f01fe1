// Ingest for callers that are told "accepted" (the API): the accepted rows are in the write-ahead log,
// fsynced, before the answer. Sources that can replay (the simulator) or ack after the flush (NATS) use
// IngestPipeline directly.
import type { FactTable } from '../../schema/tables.js';
import { UnavailableError } from '../../schema/domainErrors.js';
import type { IngestOutcome, IngestPipeline } from './ingestPipeline.js';
import type { IngestWal } from './ingestWal.js';

export class DurableIngest {
  constructor(private readonly pipeline: IngestPipeline, private readonly wal: IngestWal) {}

  async ingest(table: FactTable, raws: readonly unknown[], source: string): Promise<IngestOutcome> {
    const r = this.pipeline.ingest(table, raws, source);
    try {
      await this.wal.append({ table, rows: r.rows });
    } catch (err) {
      // The rows are in the hot window and will most likely reach the lake, but that is not a promise:
      // the caller retries, and a copy that did arrive is then counted as a duplicate, never stored twice.
      throw new UnavailableError(`events not acknowledged: the write-ahead log could not persist them (${err instanceof Error ? err.message : String(err)}); retry`);
    }
    return r;
  }
}
