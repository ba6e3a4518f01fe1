// The width of an element as laid out (ResizeObserver), so a chart fills its panel at any window size; 0-wide (not laid out) is ignored.
import { useEffect, useRef, useState, type RefObject } from 'react';

export function useElementWidth<E extends HTMLElement>(fallback: number): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // Whole pixels, and only real changes: a chart is rebuilt on every width it is given.
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth((old) => (Math.abs(old - w) >= 1 ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
