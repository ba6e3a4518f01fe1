// Evaluation scoring by hand: matching tickets to faults, precision, recall, lead-time quantiles, duplicates.
import { describe, expect, it } from 'vitest';
import { quantile, scoreDetections, type ScoredTicket, type TruthFault } from '../../pipelines/evaluate/scoreDetections.js';

const M = 60_000;
const faults: TruthFault[] = [
  { faultId: 1, kind: 'congestion', siteIds: [10], startMs: 100 * M, endMs: 200 * M, firstBreachMs: 130 * M },
  { faultId: 2, kind: 'transport_degradation', siteIds: [20, 21, 22], startMs: 300 * M, endMs: 400 * M, firstBreachMs: 310 * M },
  { faultId: 3, kind: 'congestion', siteIds: [30], startMs: 500 * M, endMs: 600 * M, firstBreachMs: 520 * M },
];
const tickets: ScoredTicket[] = [
  { ticketId: 1, siteIds: [10], openedAtMs: 112 * M, runbook: 'reroute_ai_traffic' },       // fault 1, lead 18
  { ticketId: 2, siteIds: [21, 22], openedAtMs: 305 * M, runbook: 'switch_transport_path' }, // fault 2, lead 5
  { ticketId: 3, siteIds: [20], openedAtMs: 306 * M, runbook: null },                       // duplicate of fault 2
  { ticketId: 4, siteIds: [10], openedAtMs: 260 * M, runbook: null },                       // after fault 1 + 15 min: false
  { ticketId: 5, siteIds: [99], openedAtMs: 120 * M, runbook: null },                       // wrong site: false
];

describe('scoreDetections', () => {
  it('computes precision, recall, duplicates, lead times and diagnosis by hand', () => {
    const s = scoreDetections(faults, tickets, 100);
    expect(s.matches).toEqual([{ faultId: 1, ticketIds: [1] }, { faultId: 2, ticketIds: [2, 3] }, { faultId: 3, ticketIds: [] }]);
    expect([s.tickets, s.truePositiveTickets, s.falseTickets, s.duplicateTickets]).toEqual([5, 3, 2, 1]);
    expect(s.precision).toBeCloseTo(3 / 5, 12);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
    expect(s.falseTicketsPerSiteDay).toBeCloseTo(0.02, 12);
    const all = s.byKind.find((k) => k.kind === 'all')!;
    expect(all.leadMinutes).toEqual([5, 18]);
    expect(all.medianLeadMin).toBe(11.5);
    expect(all.p10LeadMin).toBeCloseTo(5 + 0.1 * 13, 12);
    const cong = s.byKind.find((k) => k.kind === 'congestion')!;
    expect([cong.faults, cong.detected, cong.recall, cong.diagnosedRight]).toEqual([2, 1, 0.5, 1]);
  });
  it('quantile interpolates linearly', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNull();
  });
});
