// Headline numbers for the current filters and the period they cover: revenue by line kind, average paying accounts,
// ARPU (per paying account over the period), and the server's independent check of the total.
import type { ReactNode } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EmptyState, ErrorState, LoadingState, StaleNotice, type Loadable } from '../../ui/ViewState.js';
import { CsvButton } from './CsvButton.js';
import { usePeriodText, type ExplorerPeriod } from './explorerPeriod.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';
import { csvFileName, summaryCsv } from './revenueCsv.js';
import type { SummaryRow } from './revenueQueries.js';
import type { ServerCheck } from './useServerCheck.js';

export interface RevenueSummaryProps {
  /** The summary for the current filters; `ready` with `stale` when it is an older rating's, still being updated. */
  state: Loadable<SummaryRow>;
  /** What is loading, for the loading line. */
  loadingWhat?: string;
  onRetry?: () => void;
  /** The days the figures cover (of the request while loading). */
  period: ExplorerPeriod | null;
  /** With a model filter the revenue is the models' allocated share, not split by line kind. */
  modelFiltered: boolean;
  check: ServerCheck;
  /** The filters in words, written into the CSV. */
  filtersText: string;
  onClearFilters?: () => void;
}

/** No row of the rated tables matched: no revenue and nobody paying (a real ¥0.00 with paying accounts still shows). */
export function isEmptySummary(s: SummaryRow): boolean {
  return s.revenueFen === 0 && s.avgPayingAccounts === 0;
}

export function RevenueSummary({ state, loadingWhat, onRetry, period, modelFiltered, check, filtersText, onClearFilters }: RevenueSummaryProps) {
  const t = useMessages(REVENUE_MESSAGES);
  const periodText = usePeriodText();
  const s = state.kind === 'ready' ? state.value : null;
  const csv = s && period && !isEmptySummary(s)
    ? <CsvButton name="revenue-summary" fileName={csvFileName('revenue-summary', period)} what={t('summary.title')} rowCount={1}
      table={() => summaryCsv(s, period, { modelFiltered, filters: filtersText })} />
    : null;
  let body: ReactNode;
  if (state.kind === 'loading') body = <LoadingState what={loadingWhat} />;
  else if (state.kind === 'error') body = <ErrorState error={state.error} onRetry={onRetry} />;
  else if (isEmptySummary(state.value)) {
    body = (
      <EmptyState testId="revenue-empty">
        <div>
          <strong>{t('empty')}</strong> <span>{t('emptyHint', { period: periodText(period) })}</span>
          {onClearFilters && <> <button type="button" className="link" onClick={onClearFilters}>{t('clearFilters')}</button></>}
        </div>
      </EmptyState>
    );
  } else {
    body = (
      <>
        {state.stale && <StaleNotice asOfMs={state.asOfMs} reason={state.stale} />}
        <SummaryCards s={state.value} stale={Boolean(state.stale)} modelFiltered={modelFiltered} check={check} />
        <p className="muted small">{t('arpuDef', { period: periodText(period) })}{modelFiltered ? ` ${t('arpuDefModels')}` : ''}</p>
      </>
    );
  }
  return (
    <section className="panel summary" data-testid="revenue-summary" aria-busy={state.kind === 'loading'}>
      <div className="panel-head">
        <h2>{t('summary.title')}</h2>
        <span className="muted small period" data-testid="summary-period">{period ? `${periodText(period)} · ${t('utcDays')}` : ''}</span>
        {csv}
      </div>
      {body}
    </section>
  );
}

function SummaryCards({ s, stale, modelFiltered, check }: { s: SummaryRow; stale: boolean; modelFiltered: boolean; check: ServerCheck }) {
  const t = useMessages(REVENUE_MESSAGES);
  const { fmt } = useI18n();
  const split = (fen: number) => (modelFiltered ? { value: '—', sub: t('notSplitByModel') } : { value: fmt.money(fen) });
  const paying = s.avgPayingAccounts > 0;
  const cards: Array<{ id: string; label: string; value: string; sub?: string; extra?: ReactNode }> = [
    { id: 'revenue-total', label: t('card.revenue'), value: fmt.money(s.revenueFen), extra: <CheckLine check={check} /> },
    { id: 'revenue-subscription', label: t('card.subscription'), ...split(s.subscriptionFen) },
    { id: 'revenue-packs', label: t('card.packs'), ...split(s.packFen) },
    { id: 'revenue-payg', label: t('card.payg'), ...split(s.paygFen) },
    { id: 'revenue-overage', label: t('card.overage'), ...split(s.overageFen) },
    { id: 'paying-accounts', label: t('card.paying'), value: fmt.decimal(s.avgPayingAccounts, 1), sub: t('card.payingSub') },
    { id: 'arpu', label: t('card.arpu'), value: paying ? fmt.money(s.arpuFen) : '—', sub: paying ? t('card.arpuSub', { n: s.days }) : t('noPayingAccounts') },
  ];
  return (
    <div className={`cards${stale ? ' is-stale' : ''}`} data-stale={stale || undefined}>
      {cards.map((c) => (
        <div className="card" key={c.id}>
          <div className="label"><span>{c.label}</span></div>
          <div className="value num" data-testid={c.id} data-fen={c.id === 'revenue-total' && !stale ? String(s.revenueFen) : undefined}>{c.value}</div>
          {c.sub && <div className="sub">{c.sub}</div>}
          {c.extra}
        </div>
      ))}
    </div>
  );
}

function CheckLine({ check }: { check: ServerCheck }) {
  const t = useMessages(REVENUE_MESSAGES);
  const { fmt } = useI18n();
  const text = check.kind === 'pending' ? t('check.pending')
    : check.kind === 'notAvailable' ? t('check.na')
      : check.kind === 'error' ? t('check.error', { error: check.error })
        : check.kind === 'match' ? t('check.match', { total: fmt.money(check.serverFen) })
          : t('check.mismatch', { total: fmt.money(check.serverFen), diff: fmt.money(check.diffFen) });
  return (
    <div className={`sub check ${check.kind}`} data-testid="revenue-server-check" data-state={check.kind} title={t('check.title')} role="status">
      {text}
    </div>
  );
}
