// Polls an async source on an interval without overlapping calls; keeps the last good value.
import { useEffect, useRef, useState } from 'react';

export function usePolling<T>(load: (() => Promise<T>) | null, intervalMs: number, deps: readonly unknown[] = []): { value: T | null; error: string | null } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = async () => {
      const fn = loadRef.current;
      if (fn) {
        try {
          const v = await fn();
          if (!cancelled) { setValue(v); setError(null); }
        } catch (e) {
          if (!cancelled) setError(e instanceof Error ? e.message : String(e));
        }
      }
      if (!cancelled) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [intervalMs, load === null, ...deps]);
  return { value, error };
}
