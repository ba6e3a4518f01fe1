// Polls a list for the admin page and reloads it at once after a change, keeping what is shown while reloading (a save
// must not blank the list and close the form); new deps mean loading, a failed refresh keeps the last list marked stale.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Loadable } from '../../ui/ViewState.js';

export interface Reloadable<T> {
  state: Loadable<T>;
  value: T | null;
  /** Reads again now (after a change), keeping the current value on screen until the answer comes. */
  refresh(): void;
}

export function useReloadable<T>(load: (() => Promise<T>) | null, intervalMs: number, deps: readonly unknown[]): Reloadable<T> {
  const depsKey = JSON.stringify([load === null, ...deps]);
  const [got, setGot] = useState<{ key: string; value: T | null; asOfMs: number | null; error: string | null }>({ key: depsKey, value: null, asOfMs: null, error: null });
  const [kick, setKick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    setGot((g) => (g.key === depsKey ? g : { key: depsKey, value: null, asOfMs: null, error: null }));
    const tick = async () => {
      const fn = loadRef.current;
      if (!fn) return;
      try {
        const value = await fn();
        if (!cancelled) setGot({ key: depsKey, value, asOfMs: Date.now(), error: null });
      } catch (e) {
        if (!cancelled) setGot((g) => ({ ...(g.key === depsKey ? g : { value: null, asOfMs: null }), key: depsKey, error: e instanceof Error ? e.message : String(e) }));
      }
      if (!cancelled) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
  }, [depsKey, kick, intervalMs]);
  const refresh = useCallback(() => setKick((k) => k + 1), []);
  const current = got.key === depsKey ? got : null;
  const state: Loadable<T> = current && current.value !== null
    ? { kind: 'ready', value: current.value, asOfMs: current.asOfMs, stale: current.error }
    : current?.error ? { kind: 'error', error: current.error } : { kind: 'loading' };
  return { state, value: current?.value ?? null, refresh };
}
