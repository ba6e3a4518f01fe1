// The tickets table with state / severity / site filters, per-state counts, a sort by time or money at risk, and each
// ticket's money, autonomy level, verdict and any suggestion awaiting approval.
import type { Ticket, TicketState } from '../../../schema/automation.js';
import { TICKET_STATES } from '../../../schema/automation.js';
import type { Severity } from '../../../schema/tables.js';
import { SEVERITIES } from '../../../schema/tables.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { awaitingApproval, verdictText } from './autonomyFormat.js';
import { formatTime, leadTimeText } from './ticketFormat.js';
import './autonomy.css';

export interface TicketFilters { states: TicketState[]; severities: Severity[]; siteId: number | null }
/** 'time': newest first; 'money': revenue at risk per hour, then credits at stake (the server sorts). */
export type TicketSort = 'time' | 'money';

export interface TicketListProps {
  tickets: readonly Ticket[];
  counts: Record<TicketState, number>;
  nowMs: number;
  filters: TicketFilters;
  onFilters: (f: TicketFilters) => void;
  sort?: TicketSort;
  onSort?: (s: TicketSort) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

/** A runbook name that may wrap after its underscores (a narrow list keeps the approval badge and money in view). */
function RunbookName({ name }: { name: string }) {
  const parts = name.split('_');
  return <>{parts.map((p, i) => <span key={i}>{p}{i < parts.length - 1 ? <>_<wbr /></> : null}</span>)}</>;
}

function toggle<T>(xs: readonly T[], x: T): T[] { return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]; }

const SORTS: { id: TicketSort; label: string }[] = [{ id: 'time', label: 'newest' }, { id: 'money', label: 'money at risk' }];

export function TicketList({ tickets, counts, nowMs, filters, onFilters, sort = 'time', onSort, selectedId, onSelect }: TicketListProps) {
  const waiting = tickets.filter((t) => awaitingApproval(t) !== null).length;
  return (
    <section className="panel tickets" aria-label="Tickets">
      <div className="ticket-filters">
        {TICKET_STATES.map((s) => (
          <button key={s} type="button" className={`chip state-${s}`} aria-pressed={filters.states.includes(s)}
            onClick={() => onFilters({ ...filters, states: toggle(filters.states, s) })}>
            {s} <b>{counts[s] ?? 0}</b>
          </button>
        ))}
        <span className="sep" />
        {SEVERITIES.map((s) => (
          <button key={s} type="button" className={`chip sev-${s}`} aria-pressed={filters.severities.includes(s)}
            onClick={() => onFilters({ ...filters, severities: toggle(filters.severities, s) })}>{s}</button>
        ))}
        <label className="site-filter">site
          <input type="number" min={0} value={filters.siteId ?? ''} placeholder="any"
            onChange={(e) => onFilters({ ...filters, siteId: e.target.value === '' ? null : Number(e.target.value) })} />
        </label>
        {onSort && (
          <span className="ticket-sort" role="group" aria-label="Sort tickets" data-testid="ticket-sort">
            Sort:
            {SORTS.map((s) => <button key={s.id} type="button" className="chip" aria-pressed={sort === s.id} onClick={() => onSort(s.id)}>{s.label}</button>)}
          </span>
        )}
        {waiting > 0 && <span className="badge awaiting" data-testid="awaiting-count">{waiting} awaiting approval</span>}
      </div>
      {tickets.length === 0 ? <p className="muted">No tickets match.</p> : (
        <table className="ticket-table">
          <thead>
            <tr>
              <th>#</th><th>state</th><th>sev</th><th>ticket</th><th>runbook</th>
              <th className="money" title="rated revenue of the ticket's sites per hour, when it opened">revenue at risk<br />¥/h</th>
              <th className="money" title="SLA credits owed if its service classes fell below objective">credits<br />at stake</th>
              <th>autonomy</th><th>verdict</th><th>sites</th><th>opened</th><th>lead time</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((t) => {
              const lead = leadTimeText(t, nowMs);
              const awaiting = awaitingApproval(t);
              const verdict = verdictText(t);
              return (
                <tr key={t.ticketId} aria-selected={t.ticketId === selectedId} onClick={() => onSelect(t.ticketId)} data-testid={`ticket-row-${t.ticketId}`}
                  className={awaiting ? 'awaiting-row' : undefined}>
                  <td>{t.ticketId}</td>
                  <td>
                    <span className={`badge state-${t.state}`}>{t.state}</span>{t.acknowledgedBy ? <span className="ack" title={`acknowledged by ${t.acknowledgedBy}`}>✓</span> : null}
                    {t.foldedInto !== null && <span className="folded-into muted" data-testid="folded-into"> folded into #{t.foldedInto}</span>}
                  </td>
                  <td><span className={`badge sev-${t.severity}`}>{t.severity}</span></td>
                  <td className="title" title={t.title}>{t.title}</td>
                  <td className="runbook">
                    {awaiting ? <span className="badge awaiting" data-testid="awaiting-approval">Awaiting approval: <RunbookName name={awaiting} /></span>
                      : t.runbook ? <RunbookName name={t.runbook} />
                        : t.proposal ? <span className="muted" title={`proposal ${t.proposal.status}`}><RunbookName name={t.proposal.runbook} /> ({t.proposal.status})</span> : <span className="muted">diagnosing</span>}
                  </td>
                  <td className="money num">{t.money ? formatFen(t.money.revenueAtRiskFenPerHour) : '—'}</td>
                  <td className="money num">{t.money ? formatFen(t.money.creditsAtStakeFen) : '—'}</td>
                  <td>{t.autonomy ? <span className={`badge level-${t.autonomy}`}>{t.autonomy}</span> : <span className="muted">—</span>}</td>
                  <td className={`tone-${verdict.tone}`} title={verdict.text}>{t.verdict === null ? '—' : t.verdict === 'true' ? 'real' : 'false'}</td>
                  <td>{t.siteIds.length > 3 ? `${t.siteIds.slice(0, 3).join(', ')} +${t.siteIds.length - 3}` : t.siteIds.join(', ')}</td>
                  <td>{formatTime(t.openedAtMs)}</td>
                  <td className={`lead tone-${lead.tone}`}>{lead.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
