// The tickets table with state / severity / site filters and per-state counts.
import type { Ticket, TicketState } from '../../../schema/automation.js';
import { TICKET_STATES } from '../../../schema/automation.js';
import type { Severity } from '../../../schema/tables.js';
import { SEVERITIES } from '../../../schema/tables.js';
import { formatTime, leadTimeText } from './ticketFormat.js';

export interface TicketFilters { states: TicketState[]; severities: Severity[]; siteId: number | null }

export interface TicketListProps {
  tickets: readonly Ticket[];
  counts: Record<TicketState, number>;
  nowMs: number;
  filters: TicketFilters;
  onFilters: (f: TicketFilters) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

function toggle<T>(xs: readonly T[], x: T): T[] { return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]; }

export function TicketList({ tickets, counts, nowMs, filters, onFilters, selectedId, onSelect }: TicketListProps) {
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
      </div>
      {tickets.length === 0 ? <p className="muted">No tickets match.</p> : (
        <table className="ticket-table">
          <thead><tr><th>#</th><th>state</th><th>sev</th><th>ticket</th><th>sites</th><th>runbook</th><th>opened</th><th>lead time</th></tr></thead>
          <tbody>
            {tickets.map((t) => {
              const lead = leadTimeText(t, nowMs);
              return (
                <tr key={t.ticketId} aria-selected={t.ticketId === selectedId} onClick={() => onSelect(t.ticketId)} data-testid={`ticket-row-${t.ticketId}`}>
                  <td>{t.ticketId}</td>
                  <td><span className={`badge state-${t.state}`}>{t.state}</span>{t.acknowledgedBy ? <span className="ack" title={`acknowledged by ${t.acknowledgedBy}`}>✓</span> : null}</td>
                  <td><span className={`badge sev-${t.severity}`}>{t.severity}</span></td>
                  <td className="title">{t.title}</td>
                  <td>{t.siteIds.length > 3 ? `${t.siteIds.slice(0, 3).join(', ')} +${t.siteIds.length - 3}` : t.siteIds.join(', ')}</td>
                  <td>{t.runbook ?? <span className="muted">diagnosing</span>}</td>
                  <td>{formatTime(t.openedAtMs)}</td>
                  <td className={`tone-${lead.tone}`}>{lead.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
