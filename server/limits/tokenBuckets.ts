// Per-client token buckets (in memory): each client may make `ratePerSec` requests per second on average, in bursts of
// up to `burst`; a request that finds the bucket empty is refused with the seconds until a token is back.
export interface TokenBucketOptions { ratePerSec: number; burst: number }

interface Bucket { tokens: number; atMs: number }

/** Idle clients are forgotten past this many buckets (a flood of distinct addresses must not grow memory without bound). */
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly o: TokenBucketOptions, private readonly now: () => number = Date.now) {
    if (!(o.ratePerSec > 0) || !(o.burst >= 1)) throw new Error('token buckets need ratePerSec > 0 and burst >= 1');
  }

  /** Takes one token for `key`: 0 when allowed, else the whole seconds (>= 1) until the next request would be. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.o.burst, atMs: t };
    b.tokens = Math.min(this.o.burst, b.tokens + (Math.max(0, t - b.atMs) / 1000) * this.o.ratePerSec);
    b.atMs = t;
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_BUCKETS) this.forgetFull(t);
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.o.ratePerSec));
  }

  /** Buckets that have refilled completely carry no state worth keeping. */
  private forgetFull(t: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.atMs) / 1000) * this.o.ratePerSec >= this.o.burst) this.buckets.delete(k);
    }
  }
}
