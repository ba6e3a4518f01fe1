// Polls one query of the automation page. A value belongs to the inputs it was asked for: when they change the view
// is loading again (never the previous answer under the new inputs), late or out-of-order answers are dropped
// (AnswerGate), a failed refresh keeps the last value marked stale with its time, and refresh() asks again at once
// without blanking the view (after an action). The shared usePolling has no refresh-now and no ordering of answers.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Loadable } from '../../ui/ViewState.js';
import { AnswerGate } from './answerGate.js';

export interface LiveQuery<T> {
  state: Loadable<T>;
  /** Ask again now, keeping what is shown until the answer comes. */
  refresh(): void;
  /** Start over (after an error with nothing to show). */
  retry(): void;
}

interface Held<T> { key: readonly unknown[]; loaded: boolean; value: T | null; asOfMs: number | null; error: string | null }

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * `load` null: nothing is asked (the view is not shown). `asOf(value, receivedAtMs)` says what time the answer is
 * "as of" (default: when it arrived).
 */
export function useLiveQuery<T>(
  load: (() => Promise<T>) | null,
  intervalMs: number,
  deps: readonly unknown[],
  asOf?: (value: T, receivedAtMs: number) => number,
): LiveQuery<T> {
  const [nonce, setNonce] = useState(0);
  const key: readonly unknown[] = [intervalMs, load === null, nonce, ...deps];
  const [held, setHeld] = useState<Held<T>>({ key, loaded: false, value: null, asOfMs: null, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const asOfRef = useRef(asOf);
  asOfRef.current = asOf;
  const gateRef = useRef<AnswerGate | null>(null);
  const askRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    const mine = key;
    const gate = (gateRef.current ??= new AnswerGate());
    gate.reset();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    setHeld({ key: mine, loaded: false, value: null, asOfMs: null, error: null });
    const ask = async () => {
      const fn = loadRef.current;
      if (!fn) return;
      const asked = gate.ask();
      try {
        const value = await fn();
        if (stopped || !gate.accept(asked)) return;
        const at = Date.now();
        setHeld({ key: mine, loaded: true, value, asOfMs: asOfRef.current ? asOfRef.current(value, at) : at, error: null });
      } catch (e) {
        if (stopped || !gate.accept(asked)) return;
        setHeld((h) => ({ ...(sameKey(h.key, mine) ? h : { loaded: false, value: null, asOfMs: null }), key: mine, error: messageOf(e) }));
      }
    };
    askRef.current = ask;
    const tick = async () => {
      await ask();
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => { stopped = true; if (timer) clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, key);

  const refresh = useCallback(() => { void askRef.current(); }, []);
  const retry = useCallback(() => setNonce((n) => n + 1), []);
  // Until the effect has run for new inputs, what we hold belongs to the old ones.
  const current = sameKey(held.key, key);
  const state: Loadable<T> = current && held.loaded
    ? { kind: 'ready', value: held.value as T, asOfMs: held.asOfMs, stale: held.error }
    : current && held.error !== null ? { kind: 'error', error: held.error } : { kind: 'loading' };
  return { state, refresh, retry };
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** The value of a ready state (stale or not), else null. */
export function readyValue<T>(s: Loadable<T>): T | null {
  return s.kind === 'ready' ? s.value : null;
}
