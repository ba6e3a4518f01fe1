// Site search over the map (a combobox): name, id or city, in English or Chinese; choosing a result selects and zooms to it.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { useTheme } from '../../ui/ThemeProvider.js';
import { LoadingState } from '../../ui/ViewState.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { STATUS_RGB, rgbCss } from './siteStatusStyle.js';
import { searchSites, type SitePoint } from './siteMapModel.js';
import './noc.css';

export interface NocSiteSearchProps {
  points: readonly SitePoint[];
  /** False until the sites are known: no "no match" before there is anything to match. */
  ready?: boolean;
  query: string;
  onQuery(q: string): void;
  onPick(siteId: number): void;
}

export function NocSiteSearch({ points, ready = true, query, onQuery, onPick }: NocSiteSearchProps) {
  const t = useMessages(NOC_MESSAGES);
  const places = usePlaceNames();
  const { theme } = useTheme();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const results = useMemo(() => searchSites(points, query, places), [points, query, places]);
  const shown = open && query.trim() !== '';
  const pick = (p: SitePoint | undefined) => {
    if (!p) return;
    setOpen(false);
    onPick(p.siteId);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, Math.max(0, results.length - 1))); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
    else if (e.key === 'Enter') { e.preventDefault(); pick(results[active] ?? results[0]); }
    else if (e.key === 'Escape') { if (shown) { e.stopPropagation(); setOpen(false); } }
  };
  return (
    <div className="noc-search" data-testid="site-search">
      <label htmlFor={`${id}-q`} className="sr-only">{t('search.label')}</label>
      <input id={`${id}-q`} type="text" value={query} placeholder={t('search.placeholder')} autoComplete="off" data-testid="site-search-input"
        role="combobox" aria-expanded={shown} aria-controls={`${id}-list`} aria-autocomplete="list" aria-label={t('search.label')}
        aria-activedescendant={shown && results[active] ? `${id}-o${results[active].siteId}` : undefined}
        onChange={(e) => { onQuery(e.target.value); setOpen(true); setActive(0); }} onFocus={() => setOpen(true)} onKeyDown={onKey} />
      {query && <button type="button" className="noc-btn" aria-label={t('search.clear')} title={t('search.clear')} onClick={() => { onQuery(''); setOpen(false); }}>×</button>}
      {shown && (
        <ul id={`${id}-list`} role="listbox" className="noc-search-list" aria-label={t('search.results', { n: results.length })}>
          {!ready && <li role="option" aria-selected={false} aria-disabled="true"><LoadingState compact /></li>}
          {ready && results.length === 0 && <li role="option" aria-selected={false} aria-disabled="true" className="muted">{t('search.noMatch', { q: query.trim() })}</li>}
          {results.map((p, i) => (
            <li key={p.siteId} id={`${id}-o${p.siteId}`} role="option" aria-selected={i === active} data-site-id={p.siteId}
              onMouseDown={(e) => { e.preventDefault(); pick(p); }}>
              <i className="noc-swatch" style={{ background: rgbCss(STATUS_RGB[theme][p.status.status]) }} aria-hidden="true" />
              <span>{p.name}</span> <span className="muted">#{p.siteId} · {places.city(p.city, p.province)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
