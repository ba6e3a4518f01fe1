// One ticket: header (state, runbook, lead time, money with its time base, autonomy), the suggestion awaiting approval,
// its KPI chart, and every transition / comment / autonomy decision with actor and reason. Loading, error and stale
// are shown as such; the previous ticket is never shown under this one's number.
import { useEffect, useRef, useState } from 'react';
import type { TicketDetailWithSeries } from '../../../schema/automation.js';
import type { Verdict } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { ApprovalCard } from './ApprovalCard.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { NOTE_MAX_CHARS } from './NoteConfirm.js';
import { StatusBadge, StatusDot } from './StatusBadge.js';
import { TicketKpiChart } from './TicketKpiChart.js';
import { actorLabel, eventLabel, leadTimeText } from './ticketFormat.js';
import { TONE_COLOR, useVocabulary } from './ticketVocabulary.js';
import { VerdictControl } from './VerdictControl.js';
import './automation.css';
import './autonomy.css';

export interface TicketActions {
  onAcknowledge?: () => void;
  onComment?: (text: string) => void;
  onResolve?: (reason: string) => void;
  /** Decisions on a suggestion and the verdict (tickets.act); they reject with the server's refusal, shown in place. */
  onApprove?: (note: string) => Promise<void>;
  onReject?: (note: string) => Promise<void>;
  onVerdict?: (verdict: Verdict, note: string) => Promise<void>;
}

export interface TicketTimelineProps extends TicketActions {
  ticketId: number;
  state: Loadable<TicketDetailWithSeries>;
  /** The server's clock (lead times: "breach predicted in ..."). */
  nowMs: number;
  onClose?: () => void;
  onRetry?: () => void;
  /** Opens another ticket (the node ticket a site ticket was folded into). */
  onOpenTicket?: (ticketId: number) => void;
  busy?: boolean;
}

export function TicketTimeline({ ticketId, state, nowMs, onClose, onRetry, onOpenTicket, busy, ...actions }: TicketTimelineProps) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const ref = useRef<HTMLElement>(null);
  // A ticket opened from a long list may start below the fold: bring its head into view so the click visibly did something.
  useEffect(() => {
    const el = ref.current;
    if (el && typeof window !== 'undefined' && el.getBoundingClientRect().top > window.innerHeight - 160) el.scrollIntoView({ block: 'start' });
  }, [ticketId]);
  const title = state.kind === 'ready' ? state.value.ticket.title : null;
  return (
    <section ref={ref} className="panel ticket-detail" aria-label={t('detail.label', { id: ticketId })} data-testid="ticket-detail" data-ticket={ticketId} aria-busy={state.kind === 'loading'}>
      <header className="detail-head">
        <h2 className="ticket-title" title={title ?? undefined}>#{ticketId}{title && <> <span lang="en">{title}</span></>}</h2>
        {state.kind === 'ready' && <span className="small"><AsOf ms={state.asOfMs} /></span>}
        {onClose && <button type="button" className="btn plain detail-close" onClick={onClose} aria-label={t('detail.close')} data-testid="ticket-close">{common('close')}</button>}
      </header>
      <Loaded state={state} what={t('detail.what', { id: ticketId })} onRetry={onRetry}>
        {(d) => <TicketBody detail={d} nowMs={nowMs} busy={busy} onOpenTicket={onOpenTicket} chartState={{ kind: 'ready', value: d, asOfMs: state.kind === 'ready' ? state.asOfMs : null }} {...actions} />}
      </Loaded>
    </section>
  );
}

function TicketBody({ detail, nowMs, busy, onOpenTicket, chartState, onAcknowledge, onComment, onResolve, onApprove, onReject, onVerdict }: TicketActions & {
  detail: TicketDetailWithSeries; nowMs: number; busy?: boolean; onOpenTicket?: (id: number) => void; chartState: Loadable<TicketDetailWithSeries>;
}) {
  const t = useMessages(AUTOMATION_MESSAGES);
  const { fmt } = useI18n();
  const vocab = useVocabulary();
  const { ticket: x, events } = detail;
  const [text, setText] = useState('');
  const lead = leadTimeText(t, fmt, x, nowMs);
  const trimmed = text.trim();
  const tooLong = trimmed.length > NOTE_MAX_CHARS;
  const noteProblem = tooLong ? t('detail.tooLong', { max: NOTE_MAX_CHARS, n: trimmed.length }) : null;
  return (
    <>
      <div className="ticket-meta">
        <StatusBadge term={vocab.state(x.state)} testId="ticket-state" />
        <StatusBadge term={vocab.severity(x.severity)} />
        {x.autonomy && <StatusBadge term={vocab.level(x.autonomy)} title={t('detail.levelHint')} />}
        <span>{t('detail.runbook')} <b>{x.runbook ?? '—'}</b>{x.runbookRuleId ? ` ${t('detail.byRule', { id: x.runbookRuleId })}` : ''}</span>
        <span className="lead"><StatusDot color={TONE_COLOR[lead.tone]} /> <span data-testid="lead-time">{lead.text}</span></span>
        <span className="muted">
          {x.subject === 'transport_node' && x.transportNodeId !== null ? `${t('detail.node', { id: x.transportNodeId })} · ` : ''}
          {t('detail.group', { key: x.groupKey })} · {t('detail.sites', { ids: x.siteIds.join(', ') })}
        </span>
        {x.foldedInto !== null && (
          <span className="folded">{t('detail.foldedInto')} {onOpenTicket ? <button type="button" className="link" onClick={() => onOpenTicket(x.foldedInto!)}>#{x.foldedInto}</button> : `#${x.foldedInto}`}</span>
        )}
      </div>
      <div className="ticket-money" data-testid="ticket-money">
        {x.money ? (
          <>
            <span>{t('detail.revenue')} <b className="num">{t('detail.perHour', { money: fmt.money(x.money.revenueAtRiskFenPerHour) })}</b></span>
            <span>{t('detail.credits')} <b className="num">{t('detail.perMonth', { money: fmt.money(x.money.creditsAtStakeFen) })}</b></span>
            <span className="muted">{x.money.ratingVersion === null ? t('detail.ratingUnversioned') : t('detail.rating', { v: x.money.ratingVersion })}</span>
          </>
        ) : <span className="muted">{t('detail.unpriced')}</span>}
      </div>
      <VerdictControl key={`verdict-${x.ticketId}`} ticket={x} {...(onVerdict ? { onVerdict } : {})} />
      <ApprovalCard key={`approval-${x.ticketId}`} ticket={x} events={events} {...(onApprove ? { onApprove } : {})} {...(onReject ? { onReject } : {})} />
      {/* Without a suggestion (the card says it otherwise), what held automation back stands above the timeline too. */}
      {!x.proposal && events.filter((e) => e.kind === 'guard' || e.kind === 'maintenance').map((e) => (
        <p key={e.eventId} className={`held-notice held-${e.kind}`} role="status">{t(e.kind === 'guard' ? 'detail.heldGuard' : 'detail.heldMaintenance')} <span lang="en">{e.reason}</span></p>
      ))}
      <TicketKpiChart state={chartState} />
      <h3 className="timeline-head">{t('detail.timeline')} <span className="muted small">{t('detail.serverText')}</span></h3>
      <ol className="timeline" data-testid="timeline">
        {events.map((e) => (
          <li key={e.eventId} className={`ev-${e.kind}`} data-kind={e.kind}>
            <Time ms={e.atMs} />
            <span className="what">{e.kind === 'transition' && e.toState
              ? <>{e.fromState ? <StatusBadge term={vocab.state(e.fromState)} /> : '∅'}{' → '}<StatusBadge term={vocab.state(e.toState)} /></>
              : eventLabel(t, vocab, e)}</span>
            <span className="actor">{actorLabel(t, e.actor)}</span>
            <span className="reason" lang="en">{e.reason}</span>
          </li>
        ))}
      </ol>
      {(onAcknowledge || onComment || onResolve) && (
        <div className="ticket-actions">
          {onAcknowledge && !x.acknowledgedBy && <button type="button" className="btn" disabled={busy} onClick={onAcknowledge}>{t('detail.acknowledge')}</button>}
          <input aria-label={t('detail.noteLabel')} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('detail.notePlaceholder')}
            aria-invalid={tooLong} aria-describedby={noteProblem ? 'ticket-note-hint' : undefined} />
          {onComment && <button type="button" className="btn" disabled={busy || !trimmed || tooLong} onClick={() => { onComment(trimmed); setText(''); }}>{t('detail.comment')}</button>}
          {onResolve && x.state !== 'resolved' && <button type="button" className="btn" disabled={busy || tooLong} onClick={() => { onResolve(trimmed); setText(''); }}>{t('detail.resolve')}</button>}
          {noteProblem && <span className="field-hint" id="ticket-note-hint">{noteProblem}</span>}
        </div>
      )}
    </>
  );
}
