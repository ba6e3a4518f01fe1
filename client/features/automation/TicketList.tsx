// The tickets table with state / severity / site filters, per-state counts, a sort by time or money at risk, and each
// ticket's money (with its time base), autonomy level, verdict and any suggestion awaiting approval. Fixed column
// widths: opening a ticket, a long title or a wrapping runbook never moves the columns.
import { useEffect, useState } from 'react';
import type { Ticket, TicketState } from '../../../schema/automation.js';
import { TICKET_STATES } from '../../../schema/automation.js';
import { SEVERITIES } from '../../../schema/tables.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { Time } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { TICKET_SORTS, type TicketFilters, type TicketSort } from './automationView.js';
import { awaitingApproval } from './autonomyFormat.js';
import { StatusBadge, StatusDot } from './StatusBadge.js';
import { rich } from './richText.js';
import { leadTimeText, siteList } from './ticketFormat.js';
import { TONE_COLOR, useVocabulary } from './ticketVocabulary.js';
import './automation.css';
import './autonomy.css';

export type { TicketFilters, TicketSort } from './automationView.js';

/** One answer of automation.tickets. */
export interface TicketListData { tickets: readonly Ticket[]; counts: Record<TicketState, number>; nowMs: number }

export interface TicketListProps {
  state: Loadable<TicketListData>;
  filters: TicketFilters;
  onFilters: (f: TicketFilters) => void;
  sort?: TicketSort;
  onSort?: (s: TicketSort) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** The URL of the view with a ticket open: titles are real links (a middle click opens the ticket in a new tab). */
  hrefOf?: (id: number) => string;
  onRetry?: () => void;
}

/** A runbook name that may wrap after its underscores (a narrow column keeps the approval badge whole). */
function RunbookName({ name }: { name: string }) {
  const parts = name.split('_');
  return <>{parts.map((p, i) => <span key={i}>{p}{i < parts.length - 1 ? <>_<wbr /></> : null}</span>)}</>;
}

function toggle<T>(xs: readonly T[], x: T): T[] { return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]; }

const SITE_ID = /^\d{1,9}$/;
/** Column widths in px; the ticket title takes what is left (table-layout: fixed). */
const COLUMN_PX = { id: 52, state: 104, severity: 76, ticket: null, runbook: 150, revenue: 100, credits: 112, autonomy: 84, verdict: 100, opened: 156 } as const;
export const TICKET_COLUMNS = Object.keys(COLUMN_PX) as (keyof typeof COLUMN_PX)[];

export function TicketList({ state, filters, onFilters, sort = 'time', onSort, selectedId, onSelect, hrefOf, onRetry }: TicketListProps) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const { fmt } = useI18n();
  const places = usePlaceNames();
  const vocab = useVocabulary();
  const [siteText, setSiteText] = useState(filters.siteId === null ? '' : String(filters.siteId));
  // Back/forward or a link changed the site: show it (unless the field already says it).
  useEffect(() => {
    setSiteText((text) => (SITE_ID.test(text) && Number(text) === filters.siteId) || (text === '' && filters.siteId === null) ? text : filters.siteId === null ? '' : String(filters.siteId));
  }, [filters.siteId]);
  const siteInvalid = siteText.trim() !== '' && !SITE_ID.test(siteText.trim());
  const data = state.kind === 'ready' ? state.value : null;
  const waiting = data ? data.tickets.filter((x) => awaitingApproval(x) !== null).length : 0;
  const filtered = filters.states.length > 0 || filters.severities.length > 0 || filters.siteId !== null;
  const onSite = (text: string) => {
    setSiteText(text);
    const v = text.trim();
    // Typing is continuous: the URL follows without a history entry per key.
    if (v === '') onFilters({ ...filters, siteId: null });
    else if (SITE_ID.test(v)) onFilters({ ...filters, siteId: Number(v) });
  };

  return (
    <section className="panel tickets" aria-label={t('list.label')} aria-busy={state.kind === 'loading'}>
      <div className="ticket-filters">
        <span className="chip-group" role="group" aria-label={t('list.stateFilter')}>
          {TICKET_STATES.map((s) => {
            const term = vocab.state(s);
            return (
              <button key={s} type="button" className="chip" aria-pressed={filters.states.includes(s)} data-testid={`filter-state-${s}`}
                onClick={() => onFilters({ ...filters, states: toggle(filters.states, s) })}>
                <StatusDot color={term.color} />{term.label}{data && <b className="num"> {fmt.count(data.counts[s] ?? 0)}</b>}
              </button>
            );
          })}
        </span>
        <span className="chip-group" role="group" aria-label={t('list.severityFilter')}>
          {SEVERITIES.map((s) => {
            const term = vocab.severity(s);
            return (
              <button key={s} type="button" className="chip" aria-pressed={filters.severities.includes(s)} data-testid={`filter-sev-${s}`}
                onClick={() => onFilters({ ...filters, severities: toggle(filters.severities, s) })}><StatusDot color={term.color} />{term.label}</button>
            );
          })}
        </span>
        <label className="site-filter">{t('list.site')}
          <input inputMode="numeric" value={siteText} placeholder={t('list.siteAny')} aria-invalid={siteInvalid} data-testid="site-filter"
            aria-describedby={siteInvalid ? 'ticket-site-error' : undefined} onChange={(e) => onSite(e.target.value)} />
        </label>
        {onSort && (
          <span className="chip-group ticket-sort" role="group" aria-label={t('list.sortLabel')} data-testid="ticket-sort">
            {t('list.sort')}
            {TICKET_SORTS.map((s) => <button key={s} type="button" className="chip" aria-pressed={sort === s} onClick={() => onSort(s)}>{t(`list.sort.${s}`)}</button>)}
          </span>
        )}
        {waiting > 0 && <span className="badge awaiting" data-testid="awaiting-count">{t('list.awaiting', { n: waiting })}</span>}
        {state.kind === 'ready' && <span className="list-as-of small"><AsOf ms={state.asOfMs} /></span>}
      </div>
      {siteInvalid && <p className="field-error" id="ticket-site-error" role="alert">{t('list.siteInvalid', { value: siteText.trim() })}</p>}
      <div className="ticket-body">
        <Loaded state={state} what={t('list.what')} onRetry={onRetry} isEmpty={(v) => v.tickets.length === 0}
          empty={filtered ? (
            <span data-testid="tickets-empty">{t('list.emptyFiltered')} <button type="button" className="btn plain" onClick={() => { setSiteText(''); onFilters({ states: [], severities: [], siteId: null }); }}>{t('list.clearFilters')}</button></span>
          ) : <span data-testid="tickets-empty">{t('list.emptyAll')}</span>}>
          {(v) => (
            <div className="ticket-scroll">
              <table className="ticket-table" data-testid="ticket-table">
                <colgroup>{TICKET_COLUMNS.map((c) => <col key={c} className={`col-${c}`} style={COLUMN_PX[c] === null ? undefined : { width: COLUMN_PX[c] }} />)}</colgroup>
                <thead>
                  <tr>
                    <th>{t('col.id')}</th><th>{t('col.state')}</th><th>{t('col.severity')}</th><th>{t('col.ticket')}<span className="unit">{t('col.sites')}</span></th><th>{t('col.runbook')}</th>
                    <th className="money" title={t('col.revenueHint')}>{t('col.revenue')}<span className="unit">{t('col.revenueUnit')}</span></th>
                    <th className="money" title={t('col.creditsHint')}>{t('col.credits')}<span className="unit">{t('col.creditsUnit')}</span></th>
                    <th>{t('col.autonomy')}</th><th>{t('col.verdict')}</th>
                    <th>{t('col.opened')}<span className="unit">{t('col.lead')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {v.tickets.map((x) => {
                    const lead = leadTimeText(t, fmt, x, v.nowMs, true);
                    const leadFull = leadTimeText(t, fmt, x, v.nowMs).text;
                    const awaiting = awaitingApproval(x);
                    const province = x.labels.province;
                    return (
                      <tr key={x.ticketId} aria-selected={x.ticketId === selectedId} data-testid={`ticket-row-${x.ticketId}`} className={awaiting ? 'awaiting-row' : undefined}
                        onClick={(e) => { if (!(e.target as Element).closest('a, button, input')) onSelect(x.ticketId); }}>
                        <td className="num">{x.ticketId}</td>
                        <td className="wrap">
                          <StatusBadge term={vocab.state(x.state)} />
                          {x.acknowledgedBy ? <span className="ack" title={t('list.acknowledgedBy', { who: x.acknowledgedBy })} aria-label={t('list.acknowledgedBy', { who: x.acknowledgedBy })}>✓</span> : null}
                          {x.foldedInto !== null && <div className="folded-into muted" data-testid="folded-into">{t('list.foldedInto', { id: x.foldedInto })}</div>}
                        </td>
                        <td><StatusBadge term={vocab.severity(x.severity)} /></td>
                        <td className="title" title={x.title}>
                          {hrefOf ? <a href={hrefOf(x.ticketId)} aria-label={`${t('list.open', { id: x.ticketId })}: ${x.title}`} onClick={(e) => { if (!e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); onSelect(x.ticketId); } }}>{x.title}</a> : x.title}
                          <div className="where muted small">{[
                            siteList(t, x.siteIds),
                            x.subject === 'transport_node' && x.transportNodeId !== null ? t('detail.node', { id: x.transportNodeId }) : x.labels.site_name,
                            province ? places.province(province) : null,
                          ].filter(Boolean).join(' · ')}</div>
                        </td>
                        <td className="runbook wrap">
                          {awaiting ? <span className="badge awaiting" data-testid="awaiting-approval">{t('list.awaitingApproval')} <RunbookName name={awaiting} /></span>
                            : x.runbook ? <RunbookName name={x.runbook} />
                              : x.proposal ? <span className="muted">{rich(t('list.proposal', { status: vocab.proposal(x.proposal.status).label }), { runbook: <RunbookName name={x.proposal.runbook} /> })}</span>
                                : <span className="muted">{t('list.diagnosing')}</span>}
                        </td>
                        <td className="money num" title={x.money ? undefined : t('list.unpriced')}>{x.money ? fmt.money(x.money.revenueAtRiskFenPerHour) : '—'}</td>
                        <td className="money num" title={x.money ? undefined : t('list.unpriced')}>{x.money ? fmt.money(x.money.creditsAtStakeFen) : '—'}</td>
                        <td>{x.autonomy ? <StatusBadge term={vocab.level(x.autonomy)} /> : <span className="muted">—</span>}</td>
                        <td>{x.verdict === null ? <span className="muted" title={vocab.verdict(null).label}>—</span> : <StatusBadge term={vocab.verdict(x.verdict)} />}</td>
                        <td className="wrap">
                          <Time ms={x.openedAtMs} />
                          <div className="lead small" title={leadFull}><StatusDot color={TONE_COLOR[lead.tone]} /> {lead.text}</div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </div>
    </section>
  );
}
