// One ticket: header (state, runbook, lead time), its KPI chart and every transition / comment with actor and reason.
import { useState } from 'react';
import type { TicketDetailWithSeries } from '../../../schema/automation.js';
import { TicketKpiChart } from './TicketKpiChart.js';
import { actorLabel, formatTime, leadTimeText } from './ticketFormat.js';

export interface TicketTimelineProps {
  detail: TicketDetailWithSeries;
  nowMs: number;
  onAcknowledge?: () => void;
  onComment?: (text: string) => void;
  onResolve?: (reason: string) => void;
  busy?: boolean;
}

export function TicketTimeline({ detail, nowMs, onAcknowledge, onComment, onResolve, busy }: TicketTimelineProps) {
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
          <span>runbook <b>{t.runbook ?? '—'}</b>{t.runbookRuleId ? ` (rule ${t.runbookRuleId})` : ''}</span>
          <span className={`tone-${lead.tone}`} data-testid="lead-time">{lead.text}</span>
          <span className="muted">group {t.groupKey} · sites {t.siteIds.join(', ')}</span>
        </div>
      </header>
      <TicketKpiChart series={detail.series} events={events} />
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.eventId} className={`ev-${e.kind}`}>
            <time>{formatTime(e.atMs)}</time>
            <span className="what">{e.kind === 'transition' ? <>{e.fromState ?? '∅'} → <b>{e.toState}</b></> : e.kind}</span>
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
