// Autonomy of the closed loop, shared by server and client: levels, guards, the money a ticket carries, the weekly
// ledger and the autonomy mix (the evidence for letting a rule act on its own).
import type { Runbook } from './faultCatalog.js';

/**
 * How far automation may go for a rule or a runbook: `observe` opens a ticket and names the diagnosis only,
 * `suggest` proposes the runbook for a NOC engineer to approve or reject, `auto` acts and verifies (TM Forum L3 -> L4).
 */
export const AUTONOMY_LEVELS = ['observe', 'suggest', 'auto'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];

/** The most cautious of the levels (the rule's, its runbook's, and the global brake's). */
export function mostCautious(...levels: ReadonlyArray<AutonomyLevel | null | undefined>): AutonomyLevel {
  let rank = AUTONOMY_LEVELS.length - 1;
  for (const l of levels) if (l) rank = Math.min(rank, AUTONOMY_LEVELS.indexOf(l));
  return AUTONOMY_LEVELS[rank]!;
}

/** What a guard counts actions per: the site a runbook acts on, its transport node, or the whole fleet. */
export const GUARD_SCOPES = ['site', 'transport_node', 'fleet'] as const;
export type GuardScope = (typeof GUARD_SCOPES)[number];

/** At most `maxActions` runs of `runbook` ('*': any runbook) per `per` target within `windowMs` (an ONAP-style guard). */
export interface GuardDef { id: string; runbook: Runbook | '*'; per: GuardScope; maxActions: number; windowMs: number }

export interface Blocklist { siteIds: number[]; transportNodeIds: number[] }

export interface BrakeState { on: boolean; by: string | null; atMs: number | null; reason: string }

/** The autonomy policy in force: file defaults merged with what automation admins changed through the API. */
export interface AutonomyPolicy {
  /** Per rule id: the level set in its rule file or by an admin. */
  rules: Record<string, AutonomyLevel>;
  /** Per runbook: a ceiling for every rule that runs it. */
  runbooks: Record<string, AutonomyLevel>;
  guards: GuardDef[];
  blocklist: Blocklist;
  brake: BrakeState;
}

/**
 * A runbook proposed by a `suggest` diagnosis, and what became of it (approved, rejected, or expired when the problem
 * went away first); `observed`: the runbook an `observe` diagnosis named, never to be run by automation.
 */
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'observed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export interface Proposal {
  runbook: string;
  ruleId: string;
  params: Record<string, string>;
  atMs: number;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAtMs: number | null;
  note: string;
}

/**
 * What a ticket protects, priced when it opens from the current rating: the hourly rated revenue of the service
 * classes at its sites (attributed by billable tokens, trailing 24 h), and the SLA credits those classes would owe
 * if they fell below objective (the first credit band on their accounts' monthly fees).
 */
export interface TicketMoney { revenueAtRiskFenPerHour: number; creditsAtStakeFen: number; ratingVersion: number | null }

/** Whether a ticket was about a real problem: set by the loop where it knows, by a person otherwise; null: not judged. */
export const VERDICTS = ['true', 'false'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How much ran at each level over a period, and how often suggestions were approved as proposed. */
export interface AutonomyMix {
  fromMs: number;
  toMs: number;
  observe: { tickets: number };
  suggest: { proposed: number; approved: number; rejected: number; expired: number; pending: number };
  auto: { actions: number; resolved: number; escalated: number };
  refusedByGuard: number;
  /** approved / (approved + rejected); null before any decision. */
  approvalRate: number | null;
}

/** One line of the weekly ledger: the tickets of one (rule, runbook) and what they were worth. */
export interface LedgerRow {
  ruleId: string;
  runbook: string | null;
  tickets: number;
  trueTickets: number;
  falseTickets: number;
  unjudged: number;
  /** Sum over true tickets of lead time (hours before the SLA breach, or its predicted time) x revenue at risk per hour. */
  revenueProtectedFen: number;
  /** Credits at stake of true tickets whose sites never breached while they were open. */
  creditsAvoidedFen: number;
  /** False tickets x the cost of one (engineer time), plus the runbooks they ran x the cost of one action. */
  falseCostFen: number;
}

export interface Ledger { fromMs: number; toMs: number; rows: LedgerRow[]; totals: Omit<LedgerRow, 'ruleId' | 'runbook'>; costs: LedgerCosts }

/** What a false ticket and a needless runbook run cost (configurable: OPSDECK_FALSE_TICKET_COST_FEN, OPSDECK_ACTION_COST_FEN). */
export interface LedgerCosts { falseTicketFen: number; actionFen: number }

/** Engineer time of a false ticket (15 min at 200 RMB/h) and of a needless runbook run, until configured otherwise. */
export const DEFAULT_LEDGER_COSTS: LedgerCosts = { falseTicketFen: 5_000, actionFen: 2_000 };
