// Downloads (and decodes) a list of items ahead of their use, in order, with a bound on the bytes held (downloaded or
// downloading and not yet released by the consumer) and on the requests in flight: the next insert's rows are ready when
// it starts, and memory never holds the whole history at once.
export interface PrefetchItem { url: string; /** Expected size (0 when unknown). */ bytes: number }

export class OrderedPrefetch<T> {
  private readonly started: Promise<T>[] = [];
  private nextToStart = 0;
  private nextToTake = 0;
  private heldBytes = 0;
  private running = 0;
  private readonly abort = new AbortController();
  /** Wakes a take() waiting for its item to start. */
  private wake: (() => void) | null = null;

  constructor(private readonly items: readonly PrefetchItem[],
    private readonly fetchOne: (item: PrefetchItem, signal: AbortSignal) => Promise<T>,
    private readonly o: { aheadBytes: number; concurrency: number; signal?: AbortSignal | undefined }) {
    o.signal?.addEventListener('abort', () => this.abort.abort(o.signal?.reason), { once: true });
    this.fill();
  }

  private fill(): void {
    while (this.nextToStart < this.items.length && this.running < this.o.concurrency && !this.abort.signal.aborted) {
      const item = this.items[this.nextToStart]!;
      // One item always fits when nothing is held, however large.
      if (this.heldBytes > 0 && this.heldBytes + item.bytes > this.o.aheadBytes) break;
      this.heldBytes += item.bytes;
      this.running++;
      const p = this.fetchOne(item, this.abort.signal).finally(() => { this.running--; this.fill(); this.wake?.(); });
      p.catch(() => undefined); // reported to whoever takes it
      this.started[this.nextToStart++] = p;
    }
  }

  /** The next item's download, in list order (waits while the requests in flight are at the limit). */
  async take(): Promise<T> {
    const i = this.nextToTake++;
    if (i >= this.items.length) throw new Error('OrderedPrefetch: no item left');
    for (;;) {
      this.fill();
      const p = this.started[i];
      if (p) { delete this.started[i]; return p; }
      if (this.abort.signal.aborted) throw new Error('download cancelled');
      // Nothing running and still no room: the room is held by taken items never released.
      if (this.running === 0) throw new Error('OrderedPrefetch: no room to start the next download (release the bytes of used items)');
      await new Promise<void>((r) => { this.wake = r; });
    }
  }

  /** The consumer is done with `bytes` (as listed) of taken items: room for more downloads. */
  release(bytes: number): void {
    this.heldBytes -= bytes;
    this.fill();
  }

  /** Stops every download still running (after a failure, or when the load is abandoned). */
  cancel(): void { this.abort.abort(); }
}
