// Sign-ins started but not yet back from the identity provider: state, nonce and PKCE verifier, kept in memory
// for ten minutes, bound to the browser that started them, and usable once.
import { timingSafeEqual } from 'node:crypto';

export interface PendingFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** The random value of the browser's binding cookie: a callback from another browser (login CSRF) does not match. */
  browserId: string;
  createdAtMs: number;
}

export type TakeResult =
  | { ok: true; flow: PendingFlow }
  | { ok: false; reason: 'unknown' | 'expired' | 'other-browser' };

export const PENDING_FLOW_TTL_MS = 10 * 60_000;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class OidcPendingFlows {
  /** Keyed by state; Map order is insertion order, so the first entries are the oldest. */
  private readonly flows = new Map<string, PendingFlow>();

  constructor(private readonly o: { ttlMs?: number; maxFlows?: number } = {}, private readonly now: () => number = Date.now) {}

  private get ttlMs(): number { return this.o.ttlMs ?? PENDING_FLOW_TTL_MS; }

  add(flow: Omit<PendingFlow, 'createdAtMs'>): void {
    const t = this.now();
    // Unauthenticated callers can start flows: bound the memory by dropping expired, then the oldest ones.
    if (this.flows.size >= (this.o.maxFlows ?? 10_000)) {
      for (const [k, f] of this.flows) if (f.createdAtMs + this.ttlMs <= t) this.flows.delete(k);
      for (const k of this.flows.keys()) { if (this.flows.size < (this.o.maxFlows ?? 10_000)) break; this.flows.delete(k); }
    }
    this.flows.set(flow.state, { ...flow, createdAtMs: t });
  }

  /** Removes and returns the flow of `state` if it is fresh and was started by the browser holding `browserId`. */
  take(state: string, browserId: string | undefined): TakeResult {
    const flow = this.flows.get(state);
    if (!flow) return { ok: false, reason: 'unknown' };
    if (!browserId || !sameSecret(flow.browserId, browserId)) return { ok: false, reason: 'other-browser' };
    this.flows.delete(state);
    if (flow.createdAtMs + this.ttlMs <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, flow };
  }

  get size(): number { return this.flows.size; }
}
