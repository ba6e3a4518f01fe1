// Page and view state in the URL hash (#/noc?window=24h&site=12): shareable, restored in a new tab, back/forward walk it.
import { useCallback, useMemo, useSyncExternalStore } from 'react';

export interface HashRoute {
  /** '#/noc' (no query); '' when the hash is empty. */
  path: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): HashRoute {
  const i = hash.indexOf('?');
  return { path: i < 0 ? hash : hash.slice(0, i), params: new URLSearchParams(i < 0 ? '' : hash.slice(i + 1)) };
}

export function formatHash(path: string, params: URLSearchParams): string {
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

// replaceState fires no hashchange: our own event tells the subscribers.
const REPLACED = 'opsdeck:hashreplaced';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(REPLACED, onChange);
  return () => { window.removeEventListener('hashchange', onChange); window.removeEventListener(REPLACED, onChange); };
}

const currentHash = () => window.location.hash;

export function useHash(): string {
  return useSyncExternalStore(subscribe, currentHash, () => '');
}

/**
 * Sets the hash. A discrete choice (a filter, a window, a selected site) pushes a history entry so back undoes it;
 * `replace` is for continuous input (a slider being dragged) that would otherwise flood the history.
 */
export function navigateHash(hash: string, opts: { replace?: boolean } = {}): void {
  const next = hash.startsWith('#') ? hash : `#${hash}`;
  if (next === window.location.hash) return;
  if (opts.replace) {
    window.history.replaceState(window.history.state, '', next);
    window.dispatchEvent(new Event(REPLACED));
  } else {
    window.location.hash = next;
  }
}

/** Reads and writes a typed view state kept in the hash's query. */
export interface ParamCodec<T> {
  read(params: URLSearchParams): T;
  /** Writes every key it owns (deleting those at their default, so URLs stay short). */
  write(value: T, params: URLSearchParams): void;
}

/**
 * A page's view state from the URL: `[value, set]`. Keys the codec does not own are kept, so pages can nest codecs
 * (filters, selection) without erasing each other.
 */
export function useHashState<T>(codec: ParamCodec<T>): [T, (next: T | ((prev: T) => T), opts?: { replace?: boolean }) => void] {
  const hash = useHash();
  const read = codec.read(parseHash(hash).params);
  // Same object while this codec's own keys are unchanged, so effects keyed on it do not re-run for other keys.
  const ownKeys = (() => { const p = new URLSearchParams(); codec.write(read, p); return p.toString(); })();
  const value = useMemo(() => read, [codec, ownKeys]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = useCallback((next: T | ((prev: T) => T), opts?: { replace?: boolean }) => {
    const now = parseHash(window.location.hash);
    const prev = codec.read(now.params);
    const v = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
    const params = new URLSearchParams(now.params);
    codec.write(v, params);
    navigateHash(formatHash(now.path, params), opts);
  }, [codec]);
  return [value, set];
}

/** Small codecs for common param types. */
export const param = {
  /** One of a fixed set of strings; anything else reads as the default. */
  oneOf<const V extends string>(key: string, values: readonly V[], fallback: V): ParamCodec<V> {
    return {
      read: (p) => { const v = p.get(key); return (values as readonly string[]).includes(v ?? '') ? (v as V) : fallback; },
      write: (v, p) => { if (v === fallback) p.delete(key); else p.set(key, v); },
    };
  },
  /** A string or null. */
  text(key: string): ParamCodec<string | null> {
    return { read: (p) => p.get(key) || null, write: (v, p) => { if (v) p.set(key, v); else p.delete(key); } };
  },
  /** An integer or null (ignores anything that is not one). */
  int(key: string): ParamCodec<number | null> {
    return {
      read: (p) => { const v = p.get(key); const n = v === null || v === '' ? NaN : Number(v); return Number.isSafeInteger(n) ? n : null; },
      write: (v, p) => { if (v === null) p.delete(key); else p.set(key, String(v)); },
    };
  },
  /** A comma-separated list of strings. */
  list(key: string): ParamCodec<string[]> {
    return {
      read: (p) => (p.get(key) ?? '').split(',').filter(Boolean),
      write: (v, p) => { if (v.length) p.set(key, v.join(',')); else p.delete(key); },
    };
  },
  /** A boolean flag present as key=1. */
  flag(key: string): ParamCodec<boolean> {
    return { read: (p) => p.get(key) === '1', write: (v, p) => { if (v) p.set(key, '1'); else p.delete(key); } };
  },
  /** Combines codecs into one object codec. */
  object<T extends Record<string, unknown>>(fields: { [K in keyof T]: ParamCodec<T[K]> }): ParamCodec<T> {
    const keys = Object.keys(fields) as (keyof T)[];
    return {
      read: (p) => Object.fromEntries(keys.map((k) => [k, fields[k].read(p)])) as T,
      write: (v, p) => { for (const k of keys) fields[k].write(v[k], p); },
    };
  },
};
