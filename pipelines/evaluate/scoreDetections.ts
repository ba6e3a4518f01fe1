// Scores tickets against the ground-truth faults: precision, recall, lead time and diagnosis per fault kind (evaluation only).
import { FAULT_CATALOG, FAULT_KINDS, type FaultKind } from '../../schema/faultCatalog.js';
import { quantileSorted } from '../detect/robustStats.js';

export interface TruthFault {
  faultId: number;
  kind: FaultKind;
  siteIds: readonly number[];
  startMs: number;
  endMs: number;
  /** First minute an affected site was over the SLA (null if it never was). */
  firstBreachMs: number | null;
}

export interface ScoredTicket { ticketId: number; siteIds: readonly number[]; openedAtMs: number; runbook: string | null }

export interface MatchWindow {
  /** A ticket opened this long before a fault's start still counts as detecting it (clock skew, noise). */
  beforeStartMs: number;
  /** ... and up to this long after the fault's end (recovery tail). */
  afterEndMs: number;
}
export const DEFAULT_MATCH_WINDOW: MatchWindow = { beforeStartMs: 10 * 60_000, afterEndMs: 15 * 60_000 };

export interface KindScore {
  kind: FaultKind | 'all';
  faults: number;
  detected: number;
  recall: number;
  /** Lead times (minutes, breach - ticket open) of detected faults that breached. */
  leadMinutes: number[];
  medianLeadMin: number | null;
  p10LeadMin: number | null;
  /** Detected faults whose first ticket carried the right runbook. */
  diagnosedRight: number;
}

export interface DetectionScore {
  tickets: number;
  truePositiveTickets: number;
  falseTickets: number;
  /** Extra tickets for a fault already ticketed (not false, not useful). */
  duplicateTickets: number;
  precision: number;
  recall: number;
  falseTicketsPerSiteDay: number;
  byKind: KindScore[];
  /** For each fault: the matching ticket ids (first = earliest). */
  matches: { faultId: number; ticketIds: number[] }[];
  falseTicketIds: number[];
}

/** quantileSorted, with null for no values (a report shows "—" rather than NaN). */
export function quantile(sorted: readonly number[], q: number): number | null {
  return sorted.length ? quantileSorted(sorted, q) : null;
}

export function scoreDetections(faults: readonly TruthFault[], tickets: readonly ScoredTicket[], siteDays: number, w: MatchWindow = DEFAULT_MATCH_WINDOW): DetectionScore {
  const matchesOf = new Map<number, ScoredTicket[]>();
  const matchedTickets = new Set<number>();
  for (const f of faults) {
    const sites = new Set(f.siteIds);
    const m = tickets
      .filter((t) => t.openedAtMs >= f.startMs - w.beforeStartMs && t.openedAtMs <= f.endMs + w.afterEndMs && t.siteIds.some((s) => sites.has(s)))
      .sort((a, b) => a.openedAtMs - b.openedAtMs || a.ticketId - b.ticketId);
    matchesOf.set(f.faultId, m);
    for (const t of m) matchedTickets.add(t.ticketId);
  }
  const detectedFaults = faults.filter((f) => matchesOf.get(f.faultId)!.length > 0);
  const duplicateTickets = detectedFaults.reduce((n, f) => n + matchesOf.get(f.faultId)!.length - 1, 0);
  const falseTicketIds = tickets.filter((t) => !matchedTickets.has(t.ticketId)).map((t) => t.ticketId);
  const kindScore = (kind: FaultKind | 'all'): KindScore => {
    const fs = faults.filter((f) => kind === 'all' || f.kind === kind);
    const det = fs.filter((f) => matchesOf.get(f.faultId)!.length > 0);
    const leads = det.filter((f) => f.firstBreachMs !== null)
      .map((f) => (f.firstBreachMs! - matchesOf.get(f.faultId)![0]!.openedAtMs) / 60_000)
      .sort((a, b) => a - b);
    return {
      kind, faults: fs.length, detected: det.length, recall: fs.length ? det.length / fs.length : 1,
      leadMinutes: leads, medianLeadMin: quantile(leads, 0.5), p10LeadMin: quantile(leads, 0.1),
      // Any matched ticket with the right runbook counts: an early notify ticket is diagnosed by a later rule of the same group.
      diagnosedRight: det.filter((f) => matchesOf.get(f.faultId)!.some((t) => t.runbook === FAULT_CATALOG[f.kind].runbook)).length,
    };
  };
  return {
    tickets: tickets.length,
    truePositiveTickets: matchedTickets.size,
    falseTickets: falseTicketIds.length,
    duplicateTickets,
    // Duplicates are matched (not false), so precision counts them as right; they are reported separately.
    precision: tickets.length ? matchedTickets.size / tickets.length : 1,
    recall: faults.length ? detectedFaults.length / faults.length : 1,
    falseTicketsPerSiteDay: siteDays ? falseTicketIds.length / siteDays : 0,
    byKind: [...FAULT_KINDS.map(kindScore), kindScore('all')],
    matches: faults.map((f) => ({ faultId: f.faultId, ticketIds: matchesOf.get(f.faultId)!.map((t) => t.ticketId) })),
    falseTicketIds,
  };
}
