// One ticket: header (state, runbook, lead time, money, autonomy), the suggestion awaiting approval, its KPI chart, and
// every transition / comment / autonomy decision with actor and reason.
import { useState } from 'react';
import type { TicketDetailWithSeries } from '../../../schema/automation.js';
import type { Verdict } from '../../../schema/autonomy.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { ApprovalCard } from './ApprovalCard.js';
import { eventLabel, formatFenPerHour } from './autonomyFormat.js';
import { TicketKpiChart } from './TicketKpiChart.js';
import { actorLabel, formatTime, leadTimeText } from './ticketFormat.js';
import { VerdictControl } from './VerdictControl.js';
import './autonomy.css';

export interface TicketTimelineProps {
  detail: TicketDetailWithSeries;
  nowMs: number;
  onAcknowledge?: () => void;
  onComment?: (text: string) => void;
  onResolve?: (reason: string) => void;
  /** Decisions on a suggestion and the verdict (tickets.act); they reject with the server's refusal, shown in place. */
  onApprove?: (note: string) => Promise<void>;
  onReject?: (note: string) => Promise<void>;
  onVerdict?: (verdict: Verdict, note: string) => Promise<void>;
  /** Opens another ticket (the node ticket a site ticket was folded into). */
  onOpenTicket?: (ticketId: number) => void;
  busy?: boolean;
}

export function TicketTimeline({ detail, nowMs, onAcknowledge, onComment, onResolve, onApprove, onReject, onVerdict, onOpenTicket, busy }: TicketTimelineProps) {
  const { ticket: t, events } = detail;
  const [text, setText] = useState('');
  const lead = leadTimeText(t, nowMs);
  return (
    <section className="panel ticket-detail" aria-label={`Ticket ${t.ticketId}`}>
      <header>
        <h2>#{t.ticketId} {t.title}</h2>
        <div className="ticket-meta">
          <span className={`badge state-${t.state}`} data-testid="ticket-state">{t.state}</span>
          <span className={`badge sev-${t.severity}`}>{t.severity}</span>
          {t.autonomy && <span className={`badge level-${t.autonomy}`} title="autonomy level its diagnosis ran at">{t.autonomy}</span>}
          <span>runbook <b>{t.runbook ?? '—'}</b>{t.runbookRuleId ? ` (rule ${t.runbookRuleId})` : ''}</span>
          <span className={`tone-${lead.tone}`} data-testid="lead-time">{lead.text}</span>
          <span className="muted">{t.subject === 'transport_node' ? `transport node ${t.transportNodeId} · ` : ''}group {t.groupKey} · sites {t.siteIds.join(', ')}</span>
          {t.foldedInto !== null && (
            <span className="folded">folded into {onOpenTicket ? <button type="button" className="link" onClick={() => onOpenTicket(t.foldedInto!)}>#{t.foldedInto}</button> : `#${t.foldedInto}`}</span>
          )}
        </div>
        <div className="ticket-money" data-testid="ticket-money">
          {t.money ? (
            <>
              <span>revenue at risk <b className="num">{formatFenPerHour(t.money.revenueAtRiskFenPerHour)}</b></span>
              <span>SLA credits at stake <b className="num">{formatFen(t.money.creditsAtStakeFen)}</b></span>
              <span className="muted">rating {t.money.ratingVersion === null ? 'unversioned' : `v${t.money.ratingVersion}`}, priced when opened</span>
            </>
          ) : <span className="muted">not priced: no rating existed when it opened</span>}
        </div>
        <VerdictControl key={`verdict-${t.ticketId}`} ticket={t} {...(onVerdict ? { onVerdict } : {})} />
      </header>
      <ApprovalCard key={`approval-${t.ticketId}`} ticket={t} events={events} {...(onApprove ? { onApprove } : {})} {...(onReject ? { onReject } : {})} />
      {/* Without a suggestion (the card says it otherwise), what held automation back stands above the timeline too. */}
      {!t.proposal && events.filter((e) => e.kind === 'guard' || e.kind === 'maintenance').map((e) => (
        <p key={e.eventId} className={`held-notice held-${e.kind}`} role="status">{e.kind === 'guard' ? 'Refused by a guard: ' : 'Held by maintenance: '}{e.reason}</p>
      ))}
      <TicketKpiChart series={detail.series} events={events} />
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.eventId} className={`ev-${e.kind}`} data-kind={e.kind}>
            <time>{formatTime(e.atMs)}</time>
            <span className="what">{e.kind === 'transition' ? <>{e.fromState ?? '∅'} → <b>{e.toState}</b></> : eventLabel(e)}</span>
            <span className="actor">{actorLabel(e.actor)}</span>
            <span className="reason">{e.reason}</span>
          </li>
        ))}
      </ol>
      {(onAcknowledge || onComment || onResolve) && (
        <div className="ticket-actions">
          {onAcknowledge && !t.acknowledgedBy && <button type="button" disabled={busy} onClick={onAcknowledge}>Acknowledge</button>}
          <input aria-label="comment or resolution note" value={text} onChange={(e) => setText(e.target.value)} placeholder="comment / resolution note" />
          {onComment && <button type="button" disabled={busy || !text.trim()} onClick={() => { onComment(text.trim()); setText(''); }}>Comment</button>}
          {onResolve && t.state !== 'resolved' && <button type="button" disabled={busy} onClick={() => { onResolve(text.trim()); setText(''); }}>Resolve</button>}
        </div>
      )}
    </section>
  );
}
