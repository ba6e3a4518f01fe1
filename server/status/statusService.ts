// The pipeline's health at a glance for the status route: clock, ingest and dead-letter counters, lake flushes, sources.
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { DeadLetterStore } from '../../pipelines/ingest/deadLetterStore.js';
import type { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import type { LiveFlusher } from '../../pipelines/lake/liveFlusher.js';
import type { NatsStatus } from '../../pipelines/sources/natsSource.js';
import type { SimClock } from '../../pipelines/sources/simClock.js';
import type { SimulatorStatus } from '../../pipelines/sources/simulatorSource.js';
import type { Source } from '../../pipelines/sources/source.js';
import type { LiveStats } from '../live/liveHub.js';

export interface StatusDeps {
  startedAtMs: number;
  clock: SimClock;
  hot: HotWindow;
  ingest: IngestPipeline;
  deadLetters: DeadLetterStore;
  flusher: LiveFlusher;
  /** Reported even when switched off: its cursor is the lake's live watermark. */
  simulator: Source<SimulatorStatus>;
  nats: Source<NatsStatus> | null;
}

export class StatusService {
  constructor(private readonly d: StatusDeps) {}

  /** `live` comes from the HTTP layer, which owns the live stream. */
  report(live: LiveStats) {
    const { clock, hot, ingest, deadLetters } = this.d;
    return {
      uptimeSec: Math.round((Date.now() - this.d.startedAtMs) / 1000),
      seq: hot.seq,
      nowMs: clock.now(),
      simulator: { speed: clock.speed, cursorMs: this.d.simulator.status().cursorMs },
      ingest: {
        acceptedTotal: ingest.acceptedTotal,
        rowsPerSec: ingest.rate.perSecond(),
        duplicatesTotal: ingest.duplicatesTotal,
        deadLetterTotal: deadLetters.total,
        deadLetterByReason: deadLetters.counts(),
        flushedRows: this.d.flusher.flushedRows,
      },
      live,
      hot: { bytes: hot.bytes, maxBytes: Number.isFinite(hot.maxBytes) ? hot.maxBytes : null, coverageStartMs: hot.coverageStartMs, budgetEvictions: hot.budgetEvictions },
      nats: this.d.nats ? this.d.nats.status() : null,
    };
  }
}
