// The ranked "sites to fix first" list beside the map: status with its deciding figure, revenue at risk and credits in the window.
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { useTheme } from '../../ui/ThemeProvider.js';
import { EmptyState, ErrorState, LoadingState, StaleNotice, type Loadable } from '../../ui/ViewState.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { statusLine } from './nocFormat.js';
import { STATUS_RGB, rgbCss } from './siteStatusStyle.js';
import type { SitePoint } from './siteMapModel.js';
import './noc.css';

export interface SitesToFixData {
  ranked: readonly SitePoint[];
  /** Sites in the selection, and those of them without data (so "none to fix" is never read as "all fine"). */
  sites: number;
  noData: number;
}

export interface SitesToFixProps {
  state: Loadable<SitesToFixData>;
  selectedSiteId: number | null;
  onSelect(siteId: number): void;
  onRetry?: () => void;
}

export function SitesToFix({ state, selectedSiteId, onSelect, onRetry }: SitesToFixProps) {
  const t = useMessages(NOC_MESSAGES);
  const { fmt } = useI18n();
  const places = usePlaceNames();
  const { theme } = useTheme();
  const body = () => {
    if (state.kind === 'loading') return <LoadingState what={t('fix.what')} />;
    if (state.kind === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
    const { ranked, sites, noData } = state.value;
    return (
      <>
        {state.stale && <StaleNotice asOfMs={state.asOfMs} reason={state.stale} />}
        {sites === 0 ? <EmptyState>{t('fix.empty')}</EmptyState> : ranked.length === 0 ? (
          <EmptyState testId="fix-none">{noData > 0 ? t('fix.noneNoData', { n: noData }) : t('fix.none')}</EmptyState>
        ) : (
          <ol>
            {ranked.map((p) => (
              <li key={p.siteId} className={p.siteId === selectedSiteId ? 'selected' : ''}>
                <button type="button" onClick={() => onSelect(p.siteId)} data-site-id={p.siteId} data-status={p.status.status} aria-current={p.siteId === selectedSiteId ? 'true' : undefined}>
                  <i style={{ background: rgbCss(STATUS_RGB[theme][p.status.status]) }} aria-hidden="true" />
                  <span className="name">{p.name} <span className="muted">{places.city(p.city, p.province)}</span></span>
                  <span className="num risk" title={t('fix.riskLabel')}>{fmt.money(p.revenueAtRiskFen)}</span>
                  <span className="why" data-testid="fix-status">{statusLine(p.status, t, fmt)}</span>
                  <span className="num muted">{t('fix.credits', { amount: fmt.money(p.creditsWindowFen) })}</span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </>
    );
  };
  return (
    <section className="panel noc-fix" data-testid="sites-to-fix" data-state={state.kind} aria-labelledby="noc-fix-title">
      <h2 id="noc-fix-title">{t('fix.title')}</h2>
      {body()}
    </section>
  );
}
