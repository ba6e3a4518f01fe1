// The weekly ledger (what each rule and runbook's tickets were worth) and the autonomy mix (how much ran at each
// level, how often suggestions were approved as proposed), from the tickets themselves. Pure: tests hand-compute it.
import type { Ticket } from '../../schema/automation.js';
import type { AutonomyMix, Ledger, LedgerCosts, LedgerRow } from '../../schema/autonomy.js';

const HOUR_MS = 3_600_000;

/** The fields a ticket's worth is computed from (the executive figures read them straight from the store). */
export type PricedTicket = Pick<Ticket, 'verdict' | 'money' | 'openedAtMs' | 'firstBreachAtMs' | 'predictedBreachAtMs' | 'state' | 'actionDone'>;

/**
 * Hours a ticket gave the NOC before the SLA broke: to the first breach, or else to the breach its trend predicted
 * when it opened; 0 when neither (nothing says a breach was coming).
 */
export function leadHours(t: Pick<Ticket, 'openedAtMs' | 'firstBreachAtMs' | 'predictedBreachAtMs'>): number {
  const breachAt = t.firstBreachAtMs ?? t.predictedBreachAtMs;
  return breachAt === null ? 0 : Math.max(0, breachAt - t.openedAtMs) / HOUR_MS;
}

/** Revenue a true ticket protected: its lead time x the revenue at risk per hour, in whole fen. */
export function revenueProtectedFen(t: PricedTicket): number {
  if (t.verdict !== 'true' || !t.money) return 0;
  return Math.round(leadHours(t) * t.money.revenueAtRiskFenPerHour);
}

/** Credits a true ticket avoided: it was remediated and its sites never breached while it was open. */
export function creditsAvoidedFen(t: PricedTicket): number {
  if (t.verdict !== 'true' || !t.money || t.state !== 'resolved' || !t.actionDone || t.firstBreachAtMs !== null) return 0;
  return t.money.creditsAtStakeFen;
}

export function falseCostFen(t: PricedTicket, c: LedgerCosts): number {
  if (t.verdict !== 'false') return 0;
  return c.falseTicketFen + (t.actionDone ? c.actionFen : 0);
}

/** The runbook a ticket is booked under: the one it ran, else the one it proposed or observed. */
const runbookOf = (t: Ticket) => t.runbook ?? t.proposal?.runbook ?? null;
/**
 * The rule a ticket is booked under: the one whose diagnosis chose its runbook (that rule's level is what the ledger is
 * evidence for), else the one that opened it.
 */
export const bookedRuleOf = (t: Pick<Ticket, 'ruleId' | 'runbookRuleId' | 'proposal'>) => t.runbookRuleId ?? t.proposal?.ruleId ?? t.ruleId;

/** Per (diagnosing rule, runbook), tickets opened in [fromMs, toMs); folded tickets are booked under their node ticket. */
export function buildLedger(tickets: readonly Ticket[], fromMs: number, toMs: number, costs: LedgerCosts): Ledger {
  const rows = new Map<string, LedgerRow>();
  const empty = (): Omit<LedgerRow, 'ruleId' | 'runbook'> => ({ tickets: 0, trueTickets: 0, falseTickets: 0, unjudged: 0, revenueProtectedFen: 0, creditsAvoidedFen: 0, falseCostFen: 0 });
  const totals = empty();
  for (const t of tickets) {
    if (t.openedAtMs < fromMs || t.openedAtMs >= toMs || t.foldedInto !== null) continue;
    const rb = runbookOf(t);
    const rule = bookedRuleOf(t);
    const key = `${rule}\u0000${rb ?? ''}`;
    let r = rows.get(key);
    if (!r) rows.set(key, r = { ruleId: rule, runbook: rb, ...empty() });
    for (const x of [r, totals]) {
      x.tickets++;
      if (t.verdict === 'true') x.trueTickets++; else if (t.verdict === 'false') x.falseTickets++; else x.unjudged++;
      x.revenueProtectedFen += revenueProtectedFen(t);
      x.creditsAvoidedFen += creditsAvoidedFen(t);
      x.falseCostFen += falseCostFen(t, costs);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => b.revenueProtectedFen - a.revenueProtectedFen || b.tickets - a.tickets || a.ruleId.localeCompare(b.ruleId));
  return { fromMs, toMs, rows: sorted, totals, costs };
}

/** How much ran at each level among tickets opened in [fromMs, toMs). */
export function autonomyMix(tickets: readonly Ticket[], fromMs: number, toMs: number, refusedByGuard: number): AutonomyMix {
  const mix: AutonomyMix = {
    fromMs, toMs, observe: { tickets: 0 }, suggest: { proposed: 0, approved: 0, rejected: 0, expired: 0, pending: 0 },
    auto: { actions: 0, resolved: 0, escalated: 0 }, refusedByGuard, approvalRate: null,
  };
  for (const t of tickets) {
    if (t.openedAtMs < fromMs || t.openedAtMs >= toMs) continue;
    const p = t.proposal;
    if (t.autonomy === 'observe') mix.observe.tickets++;
    if (p && p.status !== 'observed') {
      mix.suggest.proposed++;
      mix.suggest[p.status]++;
    } else if (t.autonomy === 'auto' && t.actedAtMs !== null) {
      mix.auto.actions++;
      if (t.state === 'resolved') mix.auto.resolved++;
      if (t.state === 'escalated') mix.auto.escalated++;
    }
  }
  const decided = mix.suggest.approved + mix.suggest.rejected;
  mix.approvalRate = decided ? mix.suggest.approved / decided : null;
  return mix;
}
