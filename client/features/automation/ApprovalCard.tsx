// The suggestion on a ticket: the runbook a `suggest` rule proposed, its params, the rule and the diagnosis; Approve and
// Reject for a NOC engineer while it waits, and afterwards what became of it (including a guard that still refused it).
// The diagnosis and refusals are the server's own words.
import { useState } from 'react';
import type { Ticket, TicketEvent } from '../../../schema/automation.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { NOTE_MAX_CHARS, NoteConfirm } from './NoteConfirm.js';
import { rich } from './richText.js';
import { StatusBadge } from './StatusBadge.js';
import { useVocabulary } from './ticketVocabulary.js';
import './automation.css';
import './autonomy.css';

export interface ApprovalCardProps {
  ticket: Ticket;
  events: readonly TicketEvent[];
  /** Absent for users without tickets.act: the card then only says what waits. */
  onApprove?: (note: string) => Promise<void>;
  onReject?: (note: string) => Promise<void>;
}

export function ApprovalCard({ ticket: t, events, onApprove, onReject }: ApprovalCardProps) {
  const tr = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const vocab = useVocabulary();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = t.proposal;
  if (!p) return null;
  const diagnosis = [...events].reverse().find((e) => e.kind === 'proposal');
  const pending = p.status === 'pending' && t.state === 'open';
  // What held the runbook back after the decision: a guard's refusal or a maintenance window.
  const after = p.decidedAtMs === null ? [] : events.filter((e) => (e.kind === 'guard' || e.kind === 'maintenance') && e.atMs >= p.decidedAtMs!);
  const noteTooLong = note.trim().length > NOTE_MAX_CHARS;
  const approve = async () => {
    if (!onApprove || noteTooLong) return;
    setBusy(true);
    setError(null);
    try { await onApprove(note.trim()); setNote(''); } catch (e) { setError(describeCallError(e, common, tr('action.approving'))); } finally { setBusy(false); }
  };
  const params = Object.entries(p.params);
  return (
    <section className={`approval-card${pending ? ' pending' : ` decided-${p.status}`}`} aria-label={tr('approval.label')} data-testid="approval-card">
      <header>
        {pending ? <span className="badge awaiting">{vocab.proposal('pending').label}</span> : <StatusBadge term={vocab.proposal(p.status)} />}
        <span className="runbook" data-testid="approval-runbook">{p.runbook}</span>
        <span className="muted">{rich(tr('approval.proposedBy'), { rule: <b>{p.ruleId}</b> })} <Time ms={p.atMs} /></span>
      </header>
      {params.length > 0 && (
        <dl className="params" aria-label={tr('approval.params')}>
          {params.map(([k, v]) => <div key={k}><dt>{k}</dt><dd className="num">{v}</dd></div>)}
        </dl>
      )}
      {diagnosis && <p className="diagnosis" lang="en">{diagnosis.reason}</p>}
      {pending ? (
        onApprove || onReject ? (
          <div className="approval-actions">
            <input aria-label={tr('approval.noteLabel')} placeholder={tr('approval.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} disabled={busy} aria-invalid={noteTooLong} />
            {onApprove && <button type="button" className="btn approve" disabled={busy || noteTooLong} onClick={() => void approve()} data-testid="approve">{tr('approval.approve', { runbook: p.runbook })}</button>}
            {onReject && <NoteConfirm label={tr('approval.reject')} confirmLabel={tr('approval.rejectConfirm')} placeholder={tr('approval.rejectWhy')} noteRequired tone="danger" disabled={busy} onConfirm={onReject} testId="reject" />}
            {noteTooLong && <span className="field-hint">{tr('detail.tooLong', { max: NOTE_MAX_CHARS, n: note.trim().length })}</span>}
          </div>
        ) : <p className="muted">{tr('approval.waiting')}</p>
      ) : (
        <p className="decision" data-testid="approval-decision">
          {tr(`approval.decided.${p.status}`)}
          {p.decidedBy ? ` ${tr('approval.by', { who: p.decidedBy })}` : ''}
          {p.decidedAtMs !== null ? <> · <Time ms={p.decidedAtMs} /></> : null}
          {p.note ? ` — “${p.note}”` : ''}
        </p>
      )}
      {after.map((e) => (
        <p key={e.eventId} className={`held held-${e.kind}`} role="status">{tr(e.kind === 'guard' ? 'detail.heldGuard' : 'detail.heldMaintenance')} <span lang="en">{e.reason}</span></p>
      ))}
      {error && <p className="action-error" role="alert" data-testid="approval-error">{error}</p>}
    </section>
  );
}
