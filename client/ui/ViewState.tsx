// The states every view shows instead of a conclusion it cannot yet draw: loading, empty, error, stale, partial, and its "as of" time.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { TIME_MARK, TimeInText } from './Time.js';
import './viewState.css';

/** What a view knows about its data. `ready` may still be stale (a refresh failed) or partial (some sources missing). */
export type Loadable<T> =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  | { kind: 'ready'; value: T; asOfMs: number | null; stale?: string | null; partial?: string | null };

export const LOADING: Loadable<never> = { kind: 'loading' };

export function LoadingState({ what, compact = false }: { what?: string; compact?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={`view-state view-loading${compact ? ' compact' : ''}`} role="status" aria-live="polite" aria-busy="true" data-testid="state-loading">
      <span className="spinner" aria-hidden="true" />{what ? t('loadingWhat', { what }) : t('loading')}
    </div>
  );
}

export function EmptyState({ children, testId = 'state-empty' }: { children?: ReactNode; testId?: string }) {
  const { t } = useI18n();
  return <div className="view-state view-empty" data-testid={testId}>{children ?? t('empty')}</div>;
}

export function ErrorState({ error, onRetry }: { error: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="view-state view-error" role="alert" data-testid="state-error">
      {t('error', { error })}
      {onRetry && <button type="button" className="view-retry" onClick={onRetry}>{t('retry')}</button>}
    </div>
  );
}

/** A view still showing older data: says since when and why, so nobody reads it as current. */
export function StaleNotice({ asOfMs, reason }: { asOfMs: number | null; reason: string }) {
  const { t, fmt } = useI18n();
  return <div className="view-state view-stale" role="status" data-testid="state-stale">{t('stale', { time: fmt.dateTime(asOfMs), reason })}</div>;
}

export function PartialNotice({ reason }: { reason: string }) {
  const { t } = useI18n();
  return <div className="view-state view-partial" role="status" data-testid="state-partial">{t('partial', { reason })}</div>;
}

/** "as of 2026-11-30 15:42" with the UTC instant on hover. */
export function AsOf({ ms, testId = 'as-of' }: { ms: number | null | undefined; testId?: string }) {
  const { t } = useI18n();
  if (ms === null || ms === undefined) return null;
  return <span className="as-of" data-testid={testId} data-ms={ms}><TimeInText text={t('asOf', { time: TIME_MARK })} ms={ms} /></span>;
}

export interface LoadedProps<T> {
  state: Loadable<T>;
  /** Name of what is loading, for the loading line ("the live dataset"). */
  what?: string;
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  onRetry?: () => void;
  children: (value: T) => ReactNode;
}

/** Renders a view's content only once its data is there; loading, error and empty otherwise; stale and partial above it. */
export function Loaded<T>({ state, what, isEmpty, empty, onRetry, children }: LoadedProps<T>) {
  if (state.kind === 'loading') return <LoadingState what={what} />;
  if (state.kind === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
  return (
    <>
      {state.stale && <StaleNotice asOfMs={state.asOfMs} reason={state.stale} />}
      {state.partial && <PartialNotice reason={state.partial} />}
      {isEmpty?.(state.value) ? <EmptyState>{empty}</EmptyState> : children(state.value)}
    </>
  );
}
