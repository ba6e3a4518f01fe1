// Rows-per-second over a sliding time window (browser-side ingest rate).
export class RateMeter {
  private samples: Array<{ atMs: number; n: number }> = [];

  constructor(private readonly windowMs: number, private readonly now: () => number = () => performance.now()) {}

  add(n: number): void {
    const t = this.now();
    this.samples.push({ atMs: t, n });
    this.prune(t);
  }

  perSecond(): number {
    const t = this.now();
    this.prune(t);
    const total = this.samples.reduce((s, x) => s + x.n, 0);
    return Math.round((total * 1000) / this.windowMs);
  }

  private prune(t: number): void {
    while (this.samples.length && this.samples[0]!.atMs < t - this.windowMs) this.samples.shift();
  }
}
