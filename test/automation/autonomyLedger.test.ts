// The weekly ledger and the autonomy mix, checked against figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { TICKET_AUTONOMY_DEFAULTS, type Ticket } from '../../schema/automation.js';
import { autonomyMix, buildLedger, leadHours } from '../../pipelines/heal/autonomyLedger.js';
import { MIN, T0 } from './automationFixtures.js';

let nextId = 1;
function ticket(p: Partial<Ticket>): Ticket {
  return {
    ticketId: nextId++, groupKey: 'site_id=1', ruleId: 'baseband-fault', severity: 'critical', state: 'resolved', title: 't', siteIds: [1],
    transportNodeId: 3, labels: {}, runbook: null, runbookRuleId: null, actionParams: null, openedAtMs: T0, updatedAtMs: T0, actedAtMs: null,
    actionDone: false, verifySinceMs: null, closedAtMs: T0 + 30 * MIN, acknowledgedBy: null, predictedBreachAtMs: null, firstBreachAtMs: null,
    cooldownUntilMs: null, holdsGroup: false, ...TICKET_AUTONOMY_DEFAULTS, ...p,
  };
}
const money = (perHour: number, credits: number) => ({ revenueAtRiskFenPerHour: perHour, creditsAtStakeFen: credits, ratingVersion: 1 });
const costs = { falseTicketFen: 5_000, actionFen: 2_000 };

describe('autonomy ledger', () => {
  it('revenue protected = lead time x revenue at risk per hour; credits avoided only when remediated before any breach', () => {
    const tickets = [
      // A: remediated 18 min before the predicted breach, never breached: 0.3 h x 12,000 = 3,600 fen; credits 9,900 avoided.
      ticket({ runbook: 'restart_baseband', actionDone: true, actedAtMs: T0 + MIN, autonomy: 'auto', verdict: 'true', predictedBreachAtMs: T0 + 18 * MIN, money: money(12_000, 9_900) }),
      // B: breached 45 min after opening despite the runbook: 0.75 h x 8,000 = 6,000 fen; no credits avoided (it breached).
      ticket({ runbook: 'restart_baseband', actionDone: true, actedAtMs: T0 + MIN, autonomy: 'auto', verdict: 'true', firstBreachAtMs: T0 + 45 * MIN, money: money(8_000, 5_000) }),
      // C: a false ticket that ran its runbook: 5,000 + 2,000 fen of cost, nothing protected.
      ticket({ runbook: 'restart_baseband', actionDone: true, actedAtMs: T0 + MIN, autonomy: 'auto', verdict: 'false', predictedBreachAtMs: T0 + 10 * MIN, money: money(50_000, 1_000) }),
      // D: an early warning that came and went (false, no runbook): 5,000 fen.
      ticket({ ruleId: 'latency-early-warning', verdict: 'false', money: money(3_000, 100) }),
      // E: unjudged escalation: counted, worth nothing yet.
      ticket({ ruleId: 'latency-early-warning', state: 'escalated', money: money(3_000, 100) }),
      // F: folded into a node ticket: booked there, not here. G: opened outside the week.
      ticket({ ruleId: 'latency-early-warning', verdict: 'true', foldedInto: 99, money: money(3_000, 100) }),
      ticket({ openedAtMs: T0 - 8 * 86_400_000, verdict: 'true', money: money(3_000, 100) }),
    ];
    expect(leadHours(tickets[0]!)).toBeCloseTo(0.3, 12);
    const l = buildLedger(tickets, T0 - 86_400_000, T0 + 6 * 86_400_000, costs);
    expect(l.rows).toEqual([
      { ruleId: 'baseband-fault', runbook: 'restart_baseband', tickets: 3, trueTickets: 2, falseTickets: 1, unjudged: 0, revenueProtectedFen: 9_600, creditsAvoidedFen: 9_900, falseCostFen: 7_000 },
      { ruleId: 'latency-early-warning', runbook: null, tickets: 2, trueTickets: 0, falseTickets: 1, unjudged: 1, revenueProtectedFen: 0, creditsAvoidedFen: 0, falseCostFen: 5_000 },
    ]);
    expect(l.totals).toEqual({ tickets: 5, trueTickets: 2, falseTickets: 2, unjudged: 1, revenueProtectedFen: 9_600, creditsAvoidedFen: 9_900, falseCostFen: 12_000 });
  });

  it('the mix counts what ran at each level and how often suggestions were approved as proposed', () => {
    const p = (status: 'pending' | 'approved' | 'rejected' | 'expired' | 'observed') =>
      ({ runbook: 'restart_baseband', ruleId: 'bb', params: {}, atMs: T0, status, decidedBy: null, decidedAtMs: null, note: '' });
    const tickets = [
      ticket({ autonomy: 'auto', actedAtMs: T0, state: 'resolved' }),
      ticket({ autonomy: 'auto', actedAtMs: T0, state: 'escalated' }),
      ticket({ autonomy: 'auto', state: 'escalated' }), // refused by a guard: no action ran
      ticket({ autonomy: 'suggest', proposal: p('approved'), actedAtMs: T0 }),
      ticket({ autonomy: 'suggest', proposal: p('approved'), actedAtMs: T0 }),
      ticket({ autonomy: 'suggest', proposal: p('approved'), actedAtMs: T0 }),
      ticket({ autonomy: 'suggest', proposal: p('rejected') }),
      ticket({ autonomy: 'suggest', proposal: p('expired') }),
      ticket({ autonomy: 'suggest', proposal: p('pending'), state: 'open' }),
      ticket({ autonomy: 'observe', proposal: p('observed') }),
    ];
    const m = autonomyMix(tickets, T0 - MIN, T0 + MIN, 1);
    expect(m).toEqual({
      fromMs: T0 - MIN, toMs: T0 + MIN, observe: { tickets: 1 },
      suggest: { proposed: 6, approved: 3, rejected: 1, expired: 1, pending: 1 },
      auto: { actions: 2, resolved: 1, escalated: 1 }, refusedByGuard: 1, approvalRate: 0.75,
    });
  });
});
