// The suggestion on a ticket: the runbook a `suggest` rule proposed, its params, the rule and the diagnosis; Approve and
// Reject for a NOC engineer while it waits, and afterwards what became of it (including a guard that still refused it).
import { useState } from 'react';
import type { Ticket, TicketEvent } from '../../../schema/automation.js';
import { describeCallError } from '../../api/trpcClient.js';
import { NoteConfirm } from './NoteConfirm.js';
import { formatTime } from './ticketFormat.js';

export interface ApprovalCardProps {
  ticket: Ticket;
  events: readonly TicketEvent[];
  /** Absent for users without tickets.act: the card then only says what waits. */
  onApprove?: (note: string) => Promise<void>;
  onReject?: (note: string) => Promise<void>;
}

const DECIDED: Record<string, string> = {
  approved: 'Approved', rejected: 'Rejected', expired: 'Expired: the condition cleared before anyone decided', observed: 'Observed only (autonomy level observe): automation does not run it',
};

export function ApprovalCard({ ticket: t, events, onApprove, onReject }: ApprovalCardProps) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = t.proposal;
  if (!p) return null;
  const diagnosis = [...events].reverse().find((e) => e.kind === 'proposal');
  const pending = p.status === 'pending' && t.state === 'open';
  // What held the runbook back after the decision: a guard's refusal or a maintenance window.
  const after = p.decidedAtMs === null ? [] : events.filter((e) => (e.kind === 'guard' || e.kind === 'maintenance') && e.atMs >= p.decidedAtMs!);
  const approve = async () => {
    if (!onApprove) return;
    setBusy(true);
    setError(null);
    try { await onApprove(note.trim()); setNote(''); } catch (e) { setError(describeCallError(e, 'Approving')); } finally { setBusy(false); }
  };
  const params = Object.entries(p.params);
  return (
    <section className={`approval-card${pending ? ' pending' : ` decided-${p.status}`}`} aria-label="Suggested runbook" data-testid="approval-card">
      <header>
        <span className={`badge ${pending ? 'awaiting' : `proposal-${p.status}`}`}>{pending ? 'Awaiting approval' : p.status}</span>
        <span className="runbook" data-testid="approval-runbook">{p.runbook}</span>
        <span className="muted">proposed by rule <b>{p.ruleId}</b> at {formatTime(p.atMs)}</span>
      </header>
      {params.length > 0 && (
        <dl className="params" aria-label="runbook parameters">
          {params.map(([k, v]) => <div key={k}><dt>{k}</dt><dd className="num">{v}</dd></div>)}
        </dl>
      )}
      {diagnosis && <p className="diagnosis">{diagnosis.reason}</p>}
      {pending ? (
        onApprove || onReject ? (
          <div className="approval-actions">
            <input aria-label="approval note" placeholder="note (optional)" value={note} onChange={(e) => setNote(e.target.value)} disabled={busy} />
            {onApprove && <button type="button" className="btn approve" disabled={busy} onClick={() => void approve()} data-testid="approve">Approve {p.runbook}</button>}
            {onReject && <NoteConfirm label="Reject" confirmLabel="Reject and escalate" placeholder="why reject? (required)" noteRequired tone="danger" disabled={busy} onConfirm={onReject} testId="reject" />}
          </div>
        ) : <p className="muted">Waiting for a NOC engineer to approve or reject.</p>
      ) : (
        <p className="decision" data-testid="approval-decision">
          {DECIDED[p.status] ?? p.status}{p.decidedBy ? ` by ${p.decidedBy}` : ''}{p.decidedAtMs !== null ? ` at ${formatTime(p.decidedAtMs)}` : ''}{p.note ? ` — “${p.note}”` : ''}
        </p>
      )}
      {after.map((e) => (
        <p key={e.eventId} className={`held held-${e.kind}`} role="status">{e.kind === 'guard' ? 'Refused by a guard: ' : 'Held by maintenance: '}{e.reason}</p>
      ))}
      {error && <p className="action-error" role="alert" data-testid="approval-error">{error}</p>}
    </section>
  );
}
