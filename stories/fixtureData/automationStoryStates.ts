// Data states for the automation stories: a ready answer as of a fixture time, the same kept after a failed refresh
// (stale), still loading, and a load that failed.
import type { Loadable } from '../../client/ui/ViewState.js';

export const loading = { kind: 'loading' } as const satisfies Loadable<never>;
export const ready = <T,>(value: T, asOfMs: number): Loadable<T> => ({ kind: 'ready', value, asOfMs });
export const stale = <T,>(value: T, asOfMs: number, reason = 'Failed to fetch'): Loadable<T> => ({ kind: 'ready', value, asOfMs, stale: reason });
export const failed = (error: string): Loadable<never> => ({ kind: 'error', error });
