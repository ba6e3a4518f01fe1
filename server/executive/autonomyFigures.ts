// Autonomy figures from ticket outcomes: one fact per ticket, from the ticket store (raw days) or the ticket history.
import type { TicketHistoryRow } from '../../schema/history.js';
import type { TicketState } from '../../schema/automation.js';
import { DEFAULT_LEDGER_COSTS, type LedgerRow, type Proposal, type TicketMoney, type Verdict } from '../../schema/autonomy.js';
import { bookedRuleOf, creditsAvoidedFen, falseCostFen, revenueProtectedFen } from '../../pipelines/heal/autonomyLedger.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { quantile } from '../../pipelines/evaluate/scoreDetections.js';
import type { DataScope } from '../identity/dataScope.js';
import type { DayRange } from './dayRange.js';

/** The ticket history row's fields; `siteIds` is known for store tickets (scope by site), else the province is. */
export type TicketFact = Omit<TicketHistoryRow, 'province'> & { province: string | null; siteIds: readonly number[] | null; worth: TicketWorth | null };

/** What a store ticket was worth (the autonomy ledger's per-ticket figures); history rows predate pricing (null). */
export interface TicketWorth {
  verdict: Verdict | null;
  /** The runbook it ran, or else proposed, and the rule whose diagnosis chose it: what the ledger books it under. */
  runbook: string | null;
  ruleId: string;
  revenueProtectedFen: number; creditsAvoidedFen: number; falseCostFen: number;
}

/**
 * Tickets of the embedded or PostgreSQL ticket store as facts. Outcome: resolved with no event by a person
 * ('user:' actor) is auto-healed; escalation time is the transition into 'escalated'.
 */
export async function ticketFactsFromStore(db: SqlDriver, openedBeforeMs: number): Promise<TicketFact[]> {
  const rows = await db.query<Record<string, unknown>>(`
    SELECT t.ticket_id, t.rule_id, t.runbook, t.state, t.site_ids, t.opened_at, t.closed_at, t.first_breach_at, t.predicted_breach_at,
      t.action_done, t.verdict, t.revenue_at_risk_fen_per_hour, t.credits_at_stake_fen, t.proposal, t.folded_into, t.runbook_rule_id,
      (SELECT min(e.at_ms) FROM opsdeck_ticket_event e WHERE e.ticket_id = t.ticket_id AND e.kind = 'transition' AND e.to_state = 'escalated') AS escalated_at,
      (SELECT count(*) FROM opsdeck_ticket_event e WHERE e.ticket_id = t.ticket_id AND e.actor LIKE 'user:%') AS person_events
    FROM opsdeck_ticket t WHERE t.opened_at < $1 ORDER BY t.ticket_id`, [openedBeforeMs]);
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ticketFact({
    ticketId: Number(r.ticket_id), ruleId: String(r.rule_id), runbook: (r.runbook as string | null) ?? null, state: String(r.state),
    siteIds: JSON.parse(String(r.site_ids)) as number[], openedAtMs: Number(r.opened_at), closedAtMs: n(r.closed_at),
    firstBreachAtMs: n(r.first_breach_at), predictedBreachAtMs: n(r.predicted_breach_at), escalatedAtMs: n(r.escalated_at),
    byPerson: Number(r.person_events) > 0,
    actionDone: r.action_done === true, verdict: (r.verdict as Verdict | null) ?? null, foldedInto: n(r.folded_into),
    proposal: r.proposal ? JSON.parse(String(r.proposal)) as Proposal : null, runbookRuleId: (r.runbook_rule_id as string | null) ?? null,
    money: r.revenue_at_risk_fen_per_hour === null || r.revenue_at_risk_fen_per_hour === undefined ? null
      : { revenueAtRiskFenPerHour: Number(r.revenue_at_risk_fen_per_hour), creditsAtStakeFen: Number(r.credits_at_stake_fen ?? 0), ratingVersion: null },
  }));
}

export interface StoredTicket {
  ticketId: number; ruleId: string; runbook: string | null; state: string; siteIds: number[]; openedAtMs: number; closedAtMs: number | null;
  firstBreachAtMs: number | null; predictedBreachAtMs: number | null; escalatedAtMs: number | null; byPerson: boolean;
  /** Autonomy fields (absent: a ticket priced by nothing, e.g. in older tests). */
  actionDone?: boolean; verdict?: Verdict | null; money?: TicketMoney | null; foldedInto?: number | null; proposal?: Proposal | null; runbookRuleId?: string | null;
}

/**
 * The history rollup's rules (rollupFromRaw.ticketHistoryRows): caught before breach when no breach followed or it came
 * strictly after the open; lead to the breach, else to the prediction; escalated at the transition (else the close).
 */
export function ticketFact(t: StoredTicket): TicketFact {
  const leadTo = t.firstBreachAtMs ?? t.predictedBreachAtMs;
  const outcome: TicketFact['outcome'] = t.state === 'resolved' ? (t.byPerson ? 'resolved_by_person' : 'auto_healed')
    : t.state === 'escalated' ? 'escalated' : 'open';
  return {
    ticket_id: t.ticketId, opened_at: t.openedAtMs, rule_id: t.ruleId, runbook: t.runbook, province: null, siteIds: t.siteIds,
    caught_before_breach: t.firstBreachAtMs === null || t.firstBreachAtMs > t.openedAtMs ? 1 : 0,
    lead_minutes: leadTo === null ? null : Math.max(0, (leadTo - t.openedAtMs) / 60_000),
    outcome, closed_at: t.closedAtMs, escalated_at: t.escalatedAtMs ?? (t.state === 'escalated' ? t.closedAtMs : null),
    // The ledger books a folded site ticket under its node ticket (none here).
    worth: t.foldedInto ? null : worthOf(t),
  };
}

function worthOf(t: StoredTicket): TicketWorth {
  const priced = {
    verdict: t.verdict ?? null, money: t.money ?? null, openedAtMs: t.openedAtMs, firstBreachAtMs: t.firstBreachAtMs,
    predictedBreachAtMs: t.predictedBreachAtMs, state: t.state as TicketState, actionDone: t.actionDone ?? false,
  };
  return {
    verdict: priced.verdict, runbook: t.runbook ?? t.proposal?.runbook ?? null,
    ruleId: bookedRuleOf({ ruleId: t.ruleId, runbookRuleId: t.runbookRuleId ?? null, proposal: t.proposal ?? null }), revenueProtectedFen: revenueProtectedFen(priced), creditsAvoidedFen: creditsAvoidedFen(priced),
    falseCostFen: falseCostFen(priced, DEFAULT_LEDGER_COSTS),
  };
}

export function historyTicketFacts(rows: readonly TicketHistoryRow[]): TicketFact[] {
  return rows.map((r) => ({ ...r, siteIds: null, worth: null }));
}

export function inScope(t: TicketFact, scope: DataScope): boolean {
  if (scope.unrestricted) return true;
  return t.siteIds ? scope.hasAnySite(t.siteIds) : t.province !== null && scope.hasProvince(t.province);
}

export interface AutonomyFigures {
  opened: number;
  caught: number;
  leadMinutes: number[];
  /** Closed in the range: resolved (by runbook or person) or escalated. */
  closed: number;
  autoHealed: number;
  resolvedByPerson: number;
  resolveMinutes: number[];
  escalations: number;
  /** Tickets opened in the range still open now. */
  stillOpen: number;
  /** The autonomy ledger of priced tickets opened in the range, per (rule, runbook). */
  ledger: Map<string, LedgerRow>;
}

export function emptyAutonomy(): AutonomyFigures {
  return { opened: 0, caught: 0, leadMinutes: [], closed: 0, autoHealed: 0, resolvedByPerson: 0, resolveMinutes: [], escalations: 0, stillOpen: 0, ledger: new Map() };
}

/** Adds the facts' events that fall in `range`: openings, closings, escalations (each on its own day). */
export function autonomyFromFacts(f: AutonomyFigures, facts: readonly TicketFact[], range: DayRange, scope: DataScope): void {
  const inR = (ms: number | null) => ms !== null && ms >= range.fromMs && ms < range.toMs;
  for (const t of facts) {
    if (!inScope(t, scope)) continue;
    if (inR(t.opened_at)) {
      f.opened++; f.caught += t.caught_before_breach;
      if (t.lead_minutes !== null) f.leadMinutes.push(t.lead_minutes);
      if (t.outcome === 'open') f.stillOpen++;
      if (t.worth) bookWorth(f.ledger, t.worth);
    }
    const closedAt = t.outcome === 'escalated' ? (t.escalated_at ?? t.closed_at) : t.closed_at;
    if (t.outcome !== 'open' && inR(closedAt)) {
      f.closed++;
      if (t.outcome === 'auto_healed') f.autoHealed++;
      if (t.outcome === 'resolved_by_person') f.resolvedByPerson++;
      if (t.outcome !== 'escalated') f.resolveMinutes.push((t.closed_at! - t.opened_at) / 60_000);
    }
    if (inR(t.escalated_at)) f.escalations++;
  }
}

export const median = (xs: readonly number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);

/** Adds `b` into `a` (figures of disjoint day ranges). */
export function mergeAutonomy(a: AutonomyFigures, b: AutonomyFigures): void {
  a.opened += b.opened; a.caught += b.caught; a.leadMinutes.push(...b.leadMinutes); a.closed += b.closed; a.autoHealed += b.autoHealed;
  a.resolvedByPerson += b.resolvedByPerson; a.resolveMinutes.push(...b.resolveMinutes); a.escalations += b.escalations; a.stillOpen += b.stillOpen;
  for (const r of b.ledger.values()) {
    const into = ledgerRow(a.ledger, r.ruleId, r.runbook);
    into.tickets += r.tickets; into.trueTickets += r.trueTickets; into.falseTickets += r.falseTickets; into.unjudged += r.unjudged;
    into.revenueProtectedFen += r.revenueProtectedFen; into.creditsAvoidedFen += r.creditsAvoidedFen; into.falseCostFen += r.falseCostFen;
  }
}

function ledgerRow(m: Map<string, LedgerRow>, ruleId: string, runbook: string | null): LedgerRow {
  const key = `${ruleId}\u0000${runbook ?? ''}`;
  let r = m.get(key);
  if (!r) m.set(key, r = { ruleId, runbook, tickets: 0, trueTickets: 0, falseTickets: 0, unjudged: 0, revenueProtectedFen: 0, creditsAvoidedFen: 0, falseCostFen: 0 });
  return r;
}

function bookWorth(m: Map<string, LedgerRow>, w: TicketWorth): void {
  const r = ledgerRow(m, w.ruleId, w.runbook);
  r.tickets++;
  if (w.verdict === 'true') r.trueTickets++; else if (w.verdict === 'false') r.falseTickets++; else r.unjudged++;
  r.revenueProtectedFen += w.revenueProtectedFen; r.creditsAvoidedFen += w.creditsAvoidedFen; r.falseCostFen += w.falseCostFen;
}

/** The ledger's rows, most revenue protected first (the autonomy ledger's order). */
export function ledgerRows(a: AutonomyFigures): LedgerRow[] {
  return [...a.ledger.values()].sort((x, y) => y.revenueProtectedFen - x.revenueProtectedFen || y.tickets - x.tickets || x.ruleId.localeCompare(y.ruleId));
}
