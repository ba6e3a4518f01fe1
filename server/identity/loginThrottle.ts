// Per-address sign-in rate limit (sliding window, in memory): slows password spraying across many accounts,
// while the per-account lockout (IdentityService) stops guessing one account from many addresses.
export interface ThrottleOptions { maxAttempts: number; windowMs: number }

export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(private readonly o: ThrottleOptions, private readonly now: () => number = Date.now) {}

  /** Records an attempt from `key`; returns 0 if allowed, else the seconds until the next one is. */
  take(key: string): number {
    const t = this.now();
    const recent = (this.attempts.get(key) ?? []).filter((x) => x > t - this.o.windowMs);
    if (recent.length >= this.o.maxAttempts) {
      this.attempts.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.o.windowMs - t) / 1000));
    }
    recent.push(t);
    this.attempts.set(key, recent);
    // Bound memory under a flood of distinct addresses: forget idle keys.
    if (this.attempts.size > 10_000) {
      for (const [k, v] of this.attempts) if (!v.some((x) => x > t - this.o.windowMs)) this.attempts.delete(k);
    }
    return 0;
  }
}
