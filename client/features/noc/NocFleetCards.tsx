// The NOC cards for the filtered selection: one per site status (its count = the dots of that colour on the map),
// SLA credits pro-rated to the window (monthly amount beside), and revenue at risk in the window with its dates.
import { SITE_STATUSES } from '../../../domain/assurance/siteStatus.js';
import type { AssuranceWindow } from '../../../domain/assurance/latencyAssurance.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { useTheme } from '../../ui/ThemeProvider.js';
import { Time } from '../../ui/Time.js';
import { ErrorState, LoadingState, StaleNotice, type Loadable } from '../../ui/ViewState.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { STATUS_RGB, rgbCss } from './siteStatusStyle.js';
import type { SelectionFigures } from './siteMapModel.js';
import './noc.css';

export interface FleetCardsData {
  figures: SelectionFigures;
  /** The window the assurance covers (credits are pro-rated to it). */
  window: AssuranceWindow;
  /** The window the rated revenue covers; null before the first rating. */
  revenueWindow: AssuranceWindow | null;
  /** Why there is no rated revenue (its request failed); null when it is just pending. */
  revenueError?: string | null;
  /** "Only problems" hides met and no-data sites: their cards say so rather than show 0. */
  onlyProblems: boolean;
}

export function WindowRange({ w }: { w: AssuranceWindow }) {
  return <span className="noc-range"><Time ms={w.fromMs} /> → <Time ms={w.toMs} /></span>;
}

export function NocFleetCards({ state, onRetry }: { state: Loadable<FleetCardsData>; onRetry?: () => void }) {
  const t = useMessages(NOC_MESSAGES);
  const { t: common, fmt } = useI18n();
  const { theme } = useTheme();
  if (state.kind === 'loading') return <section className="noc-kpis" aria-label={t('cards.label')} data-testid="noc-fleet" data-state="loading"><LoadingState what={t('nocData')} /></section>;
  if (state.kind === 'error') return <section className="noc-kpis" aria-label={t('cards.label')} data-testid="noc-fleet" data-state="error"><ErrorState error={state.error} onRetry={onRetry} /></section>;
  const { figures: f, window: w, revenueWindow, revenueError = null, onlyProblems } = state.value;
  return (
    <section className="noc-kpis" aria-label={t('cards.label')} data-testid="noc-fleet" data-state="ready" data-sites={f.sites}>
      {state.stale && <StaleNotice asOfMs={state.asOfMs} reason={state.stale} />}
      <div className="cards">
        {SITE_STATUSES.map((s) => {
          const hidden = onlyProblems && (s === 'met' || s === 'no_data');
          return (
            <div className="card noc-status-card" key={s} data-testid={`fleet-count-${s}`} data-count={f.counts[s]} title={t(`statusHelp.${s}`)}>
              <div className="label"><span><i className="noc-swatch" style={{ background: rgbCss(STATUS_RGB[theme][s]) }} aria-hidden="true" />{t(`status.${s}`)}</span></div>
              <div className="value num">{hidden ? '—' : fmt.count(f.counts[s])}</div>
              <div className="sub">{hidden ? t('cards.hidden') : t('cards.ofShown', { n: f.sites })}</div>
            </div>
          );
        })}
        <div className="card noc-money" data-testid="fleet-credits" data-window-fen={f.creditsWindowFen} data-monthly-fen={f.creditsMonthlyFen} title={t('cards.creditsRule')}>
          <div className="label">{t('cards.credits')} · {common('perWindow')}</div>
          <div className="value num">{fmt.money(f.creditsWindowFen)}</div>
          <div className="sub">{t('cards.creditsMonthly', { amount: fmt.money(f.creditsMonthlyFen) })}</div>
          <div className="sub"><WindowRange w={w} /></div>
        </div>
        <div className="card noc-money" data-testid="fleet-risk" data-fen={f.revenueAtRiskFen}>
          <div className="label">{t('cards.revenueAtRisk')} · {common('perWindow')}</div>
          {revenueWindow ? <>
            <div className="value num">{fmt.money(f.revenueAtRiskFen)}</div>
            <div className="sub">{t('cards.revenueOf', { amount: fmt.money(f.revenueFen) })}</div>
            <div className="sub" data-testid="revenue-window" data-from={revenueWindow.fromMs} data-to={revenueWindow.toMs}><WindowRange w={revenueWindow} /></div>
          </> : <>
            <div className="value num">—</div>
            <div className="sub" data-testid="revenue-window">{revenueError ? common('error', { error: revenueError }) : t('cards.ratingPending')}</div>
          </>}
        </div>
      </div>
    </section>
  );
}
