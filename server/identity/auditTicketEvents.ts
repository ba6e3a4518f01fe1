// What the closed loop does on its own (remediations, their outcome, escalations) goes into the audit trail;
// people's ticket actions are audited where they are requested (the automation router), with their user.
import type { Ticket, TicketEvent } from '../../schema/automation.js';
import type { AuditAction } from '../../schema/access.js';
import type { AuditTrail } from './auditTrail.js';

function actionOf(e: TicketEvent): AuditAction | null {
  if (e.actor.startsWith('user:')) return null;
  if (e.kind === 'transition' && e.toState === 'acting') return 'remediation.started';
  if (e.kind === 'transition' && e.toState === 'resolved') return 'remediation.finished';
  if (e.kind === 'transition' && e.toState === 'escalated') return 'ticket.escalated';
  return null;
}

export function auditTicketEvent(audit: AuditTrail, t: Ticket, e: TicketEvent, onError: (err: unknown) => void): void {
  const action = actionOf(e);
  if (!action) return;
  audit.append({
    actor: e.actor, action, target: `ticket ${t.ticketId}`,
    before: e.fromState ? { state: e.fromState } : null,
    after: { state: e.toState ?? t.state, runbook: t.runbook, siteIds: t.siteIds, reason: e.reason, ...(e.data ? { data: e.data } : {}) },
  }).catch(onError);
}
