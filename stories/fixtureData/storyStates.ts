// Data states for stories: ready (optionally stale) and error Loadables around fixture values, at a fixed "as of" time.
import type { Loadable } from '../../client/ui/ViewState.js';

/** A fixed "as of" instant so stories render the same every time. */
export const STORY_AS_OF_MS = Date.UTC(2026, 10, 26, 1, 30);

export function ready<T>(value: T, asOfMs: number = STORY_AS_OF_MS): Loadable<T> {
  return { kind: 'ready', value, asOfMs };
}

/** Last good data kept on screen after a refresh failed. */
export function stale<T>(value: T, reason = 'the server did not answer (HTTP 503)', asOfMs: number = STORY_AS_OF_MS): Loadable<T> {
  return { kind: 'ready', value, asOfMs, stale: reason };
}

export function failed<T>(error = 'the server did not answer (HTTP 503)'): Loadable<T> {
  return { kind: 'error', error };
}

export const loading: Loadable<never> = { kind: 'loading' };

/** A promise that never settles: a view waiting for its data. */
export const never = <T,>(): Promise<T> => new Promise<T>(() => undefined);
