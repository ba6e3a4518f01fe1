// Rows-per-second over a sliding wall-clock window in one-second buckets; the server's ingest and the browser's apply rate.
export class RateMeter {
  private readonly buckets = new Map<number, number>();
  constructor(private readonly windowSec = 10, private readonly now: () => number = Date.now) {}

  add(n: number): void {
    const s = Math.floor(this.now() / 1000);
    this.buckets.set(s, (this.buckets.get(s) ?? 0) + n);
    for (const k of this.buckets.keys()) if (k <= s - this.windowSec) this.buckets.delete(k);
  }

  /** Average over the last full `windowSec` seconds (the current partial second excluded). */
  perSecond(): number {
    const s = Math.floor(this.now() / 1000);
    let sum = 0;
    for (const [k, v] of this.buckets) if (k < s && k >= s - this.windowSec) sum += v;
    return sum / this.windowSec;
  }
}
