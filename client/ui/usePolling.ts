// Polls an async source on an interval without overlapping calls. A value belongs to the deps it was loaded for:
// when they change the hook reports loading (never the previous deps' value under the new ones); a failed refresh
// keeps the last good value and marks it stale with its time.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Loadable } from './ViewState.js';

export interface Polled<T> {
  /** Last good value for the current deps (null while loading). */
  value: T | null;
  /** Error of the latest attempt (null after a success). */
  error: string | null;
  /** When `value` was loaded (Date.now()). */
  asOfMs: number | null;
  /** Same as a Loadable: loading, error (no value yet) or ready (stale when the latest refresh failed). */
  state: Loadable<T>;
  /** Loads again now (after a change the user made), keeping the current value until the answer arrives. */
  refresh(): void;
  /** Starts over from loading (after an error with nothing to show). */
  retry(): void;
}

export interface PollingOptions<T> {
  /** The time an answer is "as of" (e.g. the server's data clock in the answer); default: when it arrived. */
  asOf?: (value: T, receivedAtMs: number) => number;
}

export function usePolling<T>(load: (() => Promise<T>) | null, intervalMs: number, deps: readonly unknown[] = [], opts: PollingOptions<T> = {}): Polled<T> {
  const [restarts, setRestarts] = useState(0);
  const key: readonly unknown[] = [intervalMs, load === null, restarts, ...deps];
  const [got, setGot] = useState<{ key: readonly unknown[]; loaded: boolean; value: T | null; error: string | null; asOfMs: number | null }>({ key, loaded: false, value: null, error: null, asOfMs: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const asOfRef = useRef(opts.asOf);
  asOfRef.current = opts.asOf;
  const refreshRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    const mine = key;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let again = false;
    setGot({ key: mine, loaded: false, value: null, error: null, asOfMs: null });
    const tick = async () => {
      // Never two calls at once: a refresh asked for during a call runs right after it.
      if (running) { again = true; return; }
      running = true;
      if (timer) { clearTimeout(timer); timer = null; }
      const fn = loadRef.current;
      if (fn) {
        try {
          const v = await fn();
          const at = Date.now();
          if (!cancelled) setGot({ key: mine, loaded: true, value: v, error: null, asOfMs: asOfRef.current ? asOfRef.current(v, at) : at });
        } catch (e) {
          if (!cancelled) setGot((g) => ({ ...(sameDeps(g.key, mine) ? g : { loaded: false, value: null, asOfMs: null }), key: mine, error: e instanceof Error ? e.message : String(e) }));
        }
      }
      running = false;
      if (cancelled) return;
      if (again) { again = false; void tick(); return; }
      timer = setTimeout(tick, intervalMs);
    };
    refreshRef.current = () => { if (!cancelled) void tick(); };
    void tick();
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, key);
  // Until the effect has run for new deps, what we hold belongs to the old ones.
  const current = sameDeps(got.key, key);
  const value = current ? got.value : null;
  const error = current ? got.error : null;
  const asOfMs = current ? got.asOfMs : null;
  const state: Loadable<T> = current && got.loaded
    ? { kind: 'ready', value: got.value as T, asOfMs, stale: error }
    : error !== null ? { kind: 'error', error } : { kind: 'loading' };
  const refresh = useCallback(() => refreshRef.current(), []);
  const retry = useCallback(() => setRestarts((n) => n + 1), []);
  return { value, error, asOfMs, state, refresh, retry };
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

