// Shared types of the automation loop (tickets, their audit trail, silences, rule summaries) for server and client.
import type { AutonomyLevel, Proposal, TicketMoney, Verdict } from './autonomy.js';
import type { Severity } from './tables.js';

export const TICKET_STATES = ['open', 'acting', 'verifying', 'resolved', 'escalated'] as const;
export type TicketState = (typeof TICKET_STATES)[number];
/** States in which automation still works on a ticket. */
export const ACTIVE_TICKET_STATES: readonly TicketState[] = ['open', 'acting', 'verifying'];

export const TICKET_EVENT_KINDS = [
  'transition', 'alert', 'action', 'comment', 'acknowledge', 'breach', 'released',
  // Autonomy: a runbook proposed / approved / rejected, an action a guard refused, a maintenance window holding it,
  // a site's alert folded into its transport node's ticket, a verdict (true or false ticket) recorded.
  'proposal', 'approval', 'rejection', 'guard', 'maintenance', 'inhibited', 'verdict',
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

export interface Ticket {
  ticketId: number;
  /** group_by label values: one open ticket per group key. */
  groupKey: string;
  /** The rule whose alert opened it. */
  ruleId: string;
  severity: Severity;
  state: TicketState;
  title: string;
  siteIds: number[];
  transportNodeId: number | null;
  labels: Record<string, string>;
  /** Runbook chosen by diagnosis, and the rule that chose it. */
  runbook: string | null;
  runbookRuleId: string | null;
  actionParams: Record<string, string> | null;
  openedAtMs: number;
  updatedAtMs: number;
  actedAtMs: number | null;
  actionDone: boolean;
  /** Since when the verify condition has held (null: not holding). */
  verifySinceMs: number | null;
  closedAtMs: number | null;
  acknowledgedBy: string | null;
  /** Open time + the trend's time-to-breach when it opened. */
  predictedBreachAtMs: number | null;
  /** First minute a subject site was over the SLA after the ticket opened (null: never, i.e. prevented). */
  firstBreachAtMs: number | null;
  /** No new ticket for this group until then (set when it resolves). */
  cooldownUntilMs: number | null;
  /** Whether the ticket still holds its group key (escalated tickets release it once their alerts clear). */
  holdsGroup: boolean;
  /** What the ticket is about: one site, or a transport node and the sites behind it (topology inhibition folds into it). */
  subject: 'site' | 'transport_node';
  /** The autonomy level its diagnosis ran at (null until diagnosed). */
  autonomy: AutonomyLevel | null;
  /** The runbook a `suggest` (or `observe`) diagnosis proposed, and the decision on it. */
  proposal: Proposal | null;
  /** Revenue at risk and SLA credits at stake when it opened (null: no rating yet). */
  money: TicketMoney | null;
  verdict: Verdict | null;
  /** Who set the verdict: 'automation' or 'user:<name>'. */
  verdictBy: string | null;
  /** The transport-node ticket this site ticket was folded into. */
  foldedInto: number | null;
}

/** The autonomy fields of a ticket before anything is known about them (new tickets, tickets stored before they existed). */
export const TICKET_AUTONOMY_DEFAULTS = {
  subject: 'site', autonomy: null, proposal: null, money: null, verdict: null, verdictBy: null, foldedInto: null,
} as const satisfies Pick<Ticket, 'subject' | 'autonomy' | 'proposal' | 'money' | 'verdict' | 'verdictBy' | 'foldedInto'>;

export interface TicketEvent {
  eventId: number;
  ticketId: number;
  atMs: number;
  kind: TicketEventKind;
  fromState: TicketState | null;
  toState: TicketState | null;
  /** 'rule:<id>', 'user:<name>', 'controller', 'verifier', 'automation'. */
  actor: string;
  reason: string;
  data: Record<string, unknown> | null;
}

export interface TicketDetail { ticket: Ticket; events: TicketEvent[] }

export interface SilenceInfo {
  id: string;
  matchers: Record<string, string>;
  startsMs: number;
  endsMs: number;
  createdBy: string;
  comment: string;
}

export interface RuleSummary {
  id: string;
  description: string;
  severity: Severity;
  when: string;
  forMs: number;
  groupBy: string[];
  runbook: string | null;
  enabled: boolean;
  source: string;
  yaml: string;
  /** Alerts of this rule now pending / firing. */
  pending: number;
  firing: number;
}

export interface RuleProblemInfo { source: string; line: number; column: number; field: string; ruleId: string | null; message: string }

export interface DryRunAlert { ruleId: string; siteId: number; groupKey: string; pendingAtMs: number; firingAtMs: number | null; resolvedAtMs: number | null }
export interface DryRunResult { fromMs: number; toMs: number; minutes: number; alerts: DryRunAlert[]; groups: number; problems: RuleProblemInfo[] }

/** Latency of a ticket's sites around it (for its timeline chart), with the seasonal baseline and the SLA line. */
export interface TicketSeries { slaMs: number; points: { ts: number; siteId: number; latencyMs: number; baselineMs: number | null }[] }
export type TicketDetailWithSeries = TicketDetail & { series: TicketSeries };
