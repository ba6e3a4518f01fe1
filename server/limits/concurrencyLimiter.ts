// At most `maxRunning` heavy requests at once server-wide, the next `maxQueued` waiting in arrival order; beyond that a
// request is refused at once with a Retry-After estimate instead of piling up memory and CPU.
export interface ConcurrencyOptions { maxRunning: number; maxQueued: number }

/** Thrown by `acquire` when every slot and every queue place is taken. */
export class TooBusyError extends Error {
  constructor(readonly retryAfterSec: number, message: string) {
    super(message);
    this.name = 'TooBusyError';
  }
}

export interface LimiterStats { running: number; queued: number; admitted: number; refused: number }

interface Waiter { grant: (release: () => void) => void }

export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private admitted = 0;
  private refused = 0;
  /** Smoothed time a slot is held: the basis of the Retry-After estimate. */
  private holdMsAvg = 1000;

  constructor(private readonly o: ConcurrencyOptions, private readonly now: () => number = Date.now) {
    if (!(o.maxRunning >= 1) || !(o.maxQueued >= 0)) throw new Error('a concurrency limit needs maxRunning >= 1 and maxQueued >= 0');
  }

  /**
   * Resolves with a release function once a slot is free (call it exactly once, when the work is done; later calls are
   * ignored). Throws TooBusyError when the queue is full; rejects with the signal's reason if it aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.o.maxRunning) return Promise.resolve(this.grant());
    if (this.queue.length >= this.o.maxQueued) {
      this.refused++;
      throw new TooBusyError(this.retryAfterSec(), `the server is busy with other heavy requests (${this.running} running, ${this.queue.length} waiting); retry later`);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { grant: (release) => { signal?.removeEventListener('abort', onAbort); resolve(release); } };
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  stats(): LimiterStats {
    return { running: this.running, queued: this.queue.length, admitted: this.admitted, refused: this.refused };
  }

  private grant(): () => void {
    this.running++;
    this.admitted++;
    const startMs = this.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holdMsAvg = 0.8 * this.holdMsAvg + 0.2 * Math.max(0, this.now() - startMs);
      this.running--;
      const next = this.queue.shift();
      if (next) next.grant(this.grant());
    };
  }

  /** Roughly when the queue will have drained by one place: the average hold time times the queue per slot. */
  private retryAfterSec(): number {
    const waitMs = this.holdMsAvg * ((this.queue.length + 1) / this.o.maxRunning);
    return Math.min(60, Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
