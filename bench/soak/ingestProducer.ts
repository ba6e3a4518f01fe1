// An at-least-once producer for the drill: sends batches of usage events with unique event ids to the ingest API,
// retries a batch until the server answers (through crashes and restarts), and records which ids were acknowledged.
export interface ProducerTarget {
  /** Current server URL and the authorization header value; null while the server is down. */
  url(): string | null;
  authorization: string;
  /** Server clock minus this machine's (product time may run ahead of the wall clock). */
  clockOffsetMs(): number;
}

export interface ProducerOptions {
  target: ProducerTarget;
  siteIds: readonly number[];
  accountIds: readonly number[];
  /** First event id this producer uses (ids are base, base+1, ...). */
  idBase: number;
  batch: number;
  /** One malformed event per batch (must come back rejected, never stored). */
  withBadEvent?: boolean;
  pauseMs?: number;
}

export interface ProducerStats {
  /** Distinct valid events sent (a retried batch counts once). */
  sent: number;
  /** Malformed events sent, and how many the server reported rejected. */
  badSent: number;
  badRejected: number;
  attempts: number;
  failedAttempts: number;
  throttled: number;
  /** Events the server called duplicates on a retry (its first answer was lost in a crash). */
  duplicatesReported: number;
  /** Answers whose counts did not add up (accepted + duplicates != valid events sent). */
  inconsistentAnswers: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class IngestProducer {
  /** Event ids the server acknowledged (the drill checks each against the lake). */
  readonly acked = new Set<number>();
  readonly stats: ProducerStats = {
    sent: 0, badSent: 0, badRejected: 0, attempts: 0, failedAttempts: 0, throttled: 0, duplicatesReported: 0, inconsistentAnswers: 0,
  };
  private next: number;
  private stopping = false;
  private deadline = Infinity;
  private loop: Promise<void> | null = null;

  constructor(private readonly o: ProducerOptions) { this.next = o.idBase; }

  start(): void { this.loop = this.run(); }

  /** Stops after the batch in flight is acknowledged (or gives up on it after `graceMs`). */
  async stop(graceMs = 60_000): Promise<void> {
    this.stopping = true;
    this.deadline = Date.now() + graceMs;
    await this.loop;
  }

  private makeBatch(): { events: unknown[]; ids: number[]; bad: number } {
    const { siteIds, accountIds, batch } = this.o;
    const ts = Date.now() + this.o.target.clockOffsetMs() - 2_000;
    const ids: number[] = [];
    const events: unknown[] = [];
    for (let i = 0; i < batch; i++) {
      const id = this.next++;
      ids.push(id);
      events.push({
        event_id: id, ts: ts + (i % 1000), account_id: accountIds[id % accountIds.length], site_id: siteIds[id % siteIds.length],
        model: 'qwen-max', route: i % 3 ? 'central' : 'edge', tokens_in: 200 + (id % 500), tokens_out: 100 + (id % 300),
        cached_tokens: id % 50, ttft_ms: 150 + (id % 100), compute_cost_fen_per_mtok: 60,
      });
    }
    let bad = 0;
    if (this.o.withBadEvent) { events.push({ event_id: 'not-a-number', ts }); bad = 1; }
    return { events, ids, bad };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const b = this.makeBatch();
      this.stats.sent += b.ids.length;
      this.stats.badSent += b.bad;
      // The same batch until the server answers: an unanswered batch may or may not be durable.
      while (Date.now() < this.deadline) {
        const r = await this.send(b.events);
        if (r === 'retry') { await sleep(200); continue; }
        for (const id of b.ids) this.acked.add(id);
        this.stats.duplicatesReported += r.duplicates;
        this.stats.badRejected += r.rejected - r.duplicates;
        if (r.accepted + r.duplicates !== b.ids.length) this.stats.inconsistentAnswers++;
        break;
      }
      if (this.o.pauseMs) await sleep(this.o.pauseMs);
    }
  }

  private async send(events: unknown[]): Promise<'retry' | { accepted: number; rejected: number; duplicates: number }> {
    const url = this.o.target.url();
    if (!url) return 'retry';
    this.stats.attempts++;
    try {
      const res = await fetch(`${url}/trpc/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: this.o.target.authorization },
        body: JSON.stringify({ table: 'usage', source: 'soak', events }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status === 429) {
        this.stats.throttled++;
        await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
        return 'retry';
      }
      if (!res.ok) { this.stats.failedAttempts++; return 'retry'; }
      const body = await res.json() as { result: { data: { accepted: number; rejected: number; duplicates: number } } };
      return body.result.data;
    } catch {
      this.stats.failedAttempts++;
      return 'retry';
    }
  }
}
