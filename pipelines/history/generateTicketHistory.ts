// The synthetic ticket history: the operator plan's faults of each past day (the same planner the lake and simulator
// use) become tickets whose detection, diagnosis and healing improve as the automation matured, plus a few false alarms.
import { FAULT_CATALOG } from '../../schema/faultCatalog.js';
import type { TicketHistoryRow } from '../../schema/history.js';
import type { OperatorPlan } from '../simulator/plan/operatorPlan.js';
import { planFaultsForDay, type PlannedFault } from '../simulator/plan/faultPlan.js';
import { createRng, mixSeed, poisson, type Rng } from '../simulator/plan/prng.js';
import { DAY_MS } from '../rating/exactMoney.js';
import { yearsBefore } from './historySeasonality.js';

const MIN_MS = 60_000;
/** Generated ticket ids start here, far above any id the ticket store hands out. */
export const HISTORY_TICKET_ID_BASE = 1_000_000_000_000;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The planned faults of each day in [fromMs, toMs), by day. */
export function plannedFaultsByDay(plan: OperatorPlan, fromMs: number, toMs: number): Map<number, PlannedFault[]> {
  const out = new Map<number, PlannedFault[]>();
  for (let day = fromMs; day < toMs; day += DAY_MS) out.set(day, planFaultsForDay(plan.params.seed, day, plan.sites));
  return out;
}

export function generateTicketHistory(plan: OperatorPlan, faultsByDay: ReadonlyMap<number, readonly PlannedFault[]>, nowMs: number): TicketHistoryRow[] {
  const province = new Map(plan.sites.map((s) => [s.site_id, s.province]));
  const out: TicketHistoryRow[] = [];
  for (const [day, faults] of faultsByDay) {
    const rng = createRng(mixSeed(plan.params.seed, day / DAY_MS), 'history-tickets');
    const y = yearsBefore(day, nowMs);
    let ordinal = 0;
    const id = () => HISTORY_TICKET_ID_BASE + (day / DAY_MS) * 1000 + ordinal++;
    for (const f of faults) {
      const missed = rng.next() > 0.95 - 0.12 * y;
      const r = draws(rng);
      if (missed) continue;
      // Detection comes later in the ramp the further back (detectors were tuned over time); the breach is at the ramp's end.
      const openedAt = f.start_ts + Math.round(f.rampMs * (0.25 + r[0]! * (0.75 + 0.6 * y)));
      const breachAt = f.start_ts + f.rampMs;
      const caught = openedAt < breachAt;
      const rightRunbook = r[1]! < 0.92 - 0.25 * y;
      const runbook = rightRunbook ? FAULT_CATALOG[f.kind].runbook : 'notify';
      const outcome: TicketHistoryRow['outcome'] = r[2]! < clamp01(0.12 + 0.15 * y) ? 'escalated'
        : rightRunbook && r[3]! < clamp01(0.78 - 0.35 * y) ? 'auto_healed' : 'resolved_by_person';
      out.push(row(id(), openedAt, FAULT_CATALOG[f.kind].target === 'transport_node' ? 'transport-node-degradation' : 'latency-early-warning',
        runbook, province.get(f.siteIds[0] ?? -1) ?? 'Unknown', caught, caught ? (breachAt - openedAt) / MIN_MS : 0, outcome, r[4]!));
    }
    // False alarms: rarer as the baselines learned the network.
    const falseAlarms = poisson(rng, plan.sites.length * (0.002 + 0.004 * y));
    for (let k = 0; k < falseAlarms; k++) {
      const site = rng.pick(plan.sites);
      const r = draws(rng);
      out.push(row(id(), day + Math.floor(r[0]! * (DAY_MS - 4 * 3_600_000)), 'latency-early-warning', 'notify', site.province, true, null,
        r[1]! < 0.7 ? 'auto_healed' : 'resolved_by_person', r[2]!));
    }
  }
  return out.sort((a, b) => a.opened_at - b.opened_at || a.ticket_id - b.ticket_id);
}

/** A fixed number of draws per ticket, so one decision never shifts the stream of the next. */
function draws(rng: Rng): number[] {
  return [rng.next(), rng.next(), rng.next(), rng.next(), rng.next()];
}

function row(ticketId: number, openedAt: number, ruleId: string, runbook: string, province: string, caught: boolean,
  leadMinutes: number | null, outcome: TicketHistoryRow['outcome'], u: number): TicketHistoryRow {
  // Healing by automation takes minutes, a person hours; an escalation happens within the hour and closes the ticket.
  const minutes = outcome === 'auto_healed' ? 8 + 27 * u : outcome === 'resolved_by_person' ? 45 + 195 * u : 20 + 40 * u;
  const closedAt = openedAt + Math.round(minutes * MIN_MS);
  return {
    ticket_id: ticketId, opened_at: openedAt, rule_id: ruleId, runbook, province,
    caught_before_breach: caught ? 1 : 0, lead_minutes: leadMinutes === null ? null : Math.round(leadMinutes * 10) / 10,
    outcome, closed_at: closedAt, escalated_at: outcome === 'escalated' ? closedAt : null,
  };
}
