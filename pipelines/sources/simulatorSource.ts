// Pulls events from the simulator up to "now" on every tick and feeds them through ingest.
import { FACT_TABLES } from '../../schema/tables.js';
import type { IngestPipeline } from '../ingest/ingestPipeline.js';
import type { Clock } from './simClock.js';
import type { EventGenerator } from './eventGenerator.js';
import type { Source } from './source.js';

export interface SimulatorSourceOptions {
  /** Generate from here on (the lake's live watermark or end). */
  startMs: number;
  tickMs?: number;
  /** Largest simulated span per tick, so a long catch-up streams in steps instead of one huge batch. */
  maxStepMs?: number;
  onError?: (err: unknown) => void;
}

export type SimulatorStatus = { cursorMs: number };

export class SimulatorSource implements Source<SimulatorStatus> {
  readonly name = 'simulator';
  private cursor: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly gen: EventGenerator, private readonly ingest: IngestPipeline,
    private readonly clock: Clock, private readonly opts: SimulatorSourceOptions) {
    this.cursor = opts.startMs;
  }

  /** Every event before this time has been generated and ingested. */
  get cursorMs(): number { return this.cursor; }

  /** Generates [cursor, min(now, cursor + maxStep)); returns true if it is still catching up. */
  async tick(): Promise<boolean> {
    const now = this.clock.now();
    const end = Math.min(now, this.cursor + (this.opts.maxStepMs ?? 10 * 60_000));
    if (end <= this.cursor) return false;
    const ev = await this.gen.eventsBetween(this.cursor, end);
    for (const t of FACT_TABLES) if (ev[t].length) this.ingest.ingest(t, ev[t], 'simulator');
    this.cursor = end;
    return end < now;
  }

  status(): SimulatorStatus { return { cursorMs: this.cursor }; }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.inFlight = this.tick()
        .then((behind) => { if (this.running) this.timer = setTimeout(loop, behind ? 0 : this.opts.tickMs ?? 1000); })
        .catch((err: unknown) => {
          this.opts.onError?.(err);
          if (this.running) this.timer = setTimeout(loop, this.opts.tickMs ?? 1000);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }
}
