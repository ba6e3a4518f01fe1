// SMD segment scoring by hand: recall, precision with no grace window, false tickets per day, delay quantiles, length buckets, pooling.
import { describe, expect, it } from 'vitest';
import { poolSegmentScores, scoreSegments } from '../../pipelines/evaluate/smd/scoreSegments.js';
import { judgeSmdTargets } from '../../pipelines/evaluate/smd/smdReport.js';
import type { SmdSegment, SmdTicket } from '../../pipelines/evaluate/smd/smdTypes.js';

// Machine A: 3 + 20 + 60 + 2 = 85 labelled minutes; 2965 test minutes leave 2880 outside = exactly 2 days.
const segA: SmdSegment[] = [
  { startMinute: 10, endMinute: 12, dimensions: [0, 1] },   // 3 min, <=5
  { startMinute: 100, endMinute: 119, dimensions: [2, 3] }, // 20 min, 6-30
  { startMinute: 200, endMinute: 259, dimensions: [4] },    // 60 min, >30
  { startMinute: 300, endMinute: 301, dimensions: [5] },    // 2 min, <=5
];
const ticketsA: SmdTicket[] = [
  { openedAtMinute: 110 },                  // inside B, but not its first
  { openedAtMinute: 12, metrics: [0] },     // last minute of A: inside, delay 2, names a labelled dimension
  { openedAtMinute: 13 },                   // a minute after A: false
  { openedAtMinute: 9 },                    // a minute before A: false
  { openedAtMinute: 105, metrics: [7] },    // first inside B: delay 5, wrong metric
  { openedAtMinute: 200 },                  // C's first minute: delay 0, no metrics so not judged
  { openedAtMinute: 302, metrics: [5] },    // a minute after D: false, D missed
  { openedAtMinute: 500 },                  // false
];

// Machine B: one 5-minute segment; 1445 test minutes leave 1440 outside = 1 day.
const segB: SmdSegment[] = [{ startMinute: 0, endMinute: 4, dimensions: [7] }];
const ticketsB: SmdTicket[] = [{ openedAtMinute: 2, metrics: [6, 7] }, { openedAtMinute: 3 }, { openedAtMinute: 1000 }];

describe('scoreSegments', () => {
  const a = scoreSegments(segA, ticketsA, 2965);

  it('counts segments, tickets and ratios as the README defines them', () => {
    expect([a.segments, a.detected, a.tickets, a.trueTickets, a.falseTickets]).toEqual([4, 3, 8, 4, 4]);
    expect(a.recall).toBe(3 / 4);
    expect(a.precision).toBe(4 / 8);
    expect(a.outsideMinutes).toBe(2880);
    expect(a.falsePerDay).toBe(4 / 2);
    expect(a.falseTicketMinutes).toEqual([9, 13, 302, 500]);
  });

  it('a ticket on the last minute counts, one a minute after does not', () => {
    expect(a.segmentResults[0]).toMatchObject({ lengthMin: 3, ticketsInside: 1, firstTicketMinute: 12, delayMin: 2 });
    expect(a.segmentResults[3]).toMatchObject({ lengthMin: 2, ticketsInside: 0, firstTicketMinute: null, delayMin: null, dimensionHit: null });
  });

  it('delay from segment start to the earliest ticket inside; median and p90 over detected segments', () => {
    expect(a.segmentResults[1]).toMatchObject({ ticketsInside: 2, firstTicketMinute: 105, delayMin: 5 });
    expect(a.delaysMin).toEqual([0, 2, 5]);
    expect(a.medianDelayMin).toBe(2);
    expect(a.p90DelayMin).toBeCloseTo(2 + 0.8 * 3, 12); // position 0.9 * 2 = 1.8 between 2 and 5
  });

  it('recall by segment length and the dimension hit rate of first tickets that name metrics', () => {
    expect(a.byLength).toEqual([
      { bucket: '<=5', segments: 2, detected: 1, recall: 0.5 },
      { bucket: '6-30', segments: 1, detected: 1, recall: 1 },
      { bucket: '>30', segments: 1, detected: 1, recall: 1 },
    ]);
    expect(a.segmentResults.map((r) => r.dimensionHit)).toEqual([true, false, null, null]);
    expect([a.dimensionJudged, a.dimensionHits, a.dimensionHitRate]).toEqual([2, 1, 0.5]);
  });

  it('no tickets: recall 0, precision undefined (null, not 1), no false tickets', () => {
    const s = scoreSegments(segA, [], 2965);
    expect([s.recall, s.precision, s.falsePerDay, s.medianDelayMin, s.dimensionHitRate]).toEqual([0, null, 0, null, null]);
    expect(judgeSmdTargets(s).map((t) => t.pass)).toEqual([false, false, true]);
  });
});

describe('poolSegmentScores', () => {
  it('sums counts and recomputes ratios rather than averaging per-machine ratios', () => {
    const b = scoreSegments(segB, ticketsB, 1445);
    expect([b.recall, b.precision, b.falsePerDay]).toEqual([1, 2 / 3, 1]);
    const p = poolSegmentScores([scoreSegments(segA, ticketsA, 2965), b]);
    expect([p.segments, p.detected, p.tickets, p.trueTickets, p.falseTickets, p.outsideMinutes]).toEqual([5, 4, 11, 6, 5, 4320]);
    expect(p.recall).toBe(4 / 5);            // the average of ratios would be 0.875
    expect(p.precision).toBe(6 / 11);        // ... 0.583
    expect(p.falsePerDay).toBeCloseTo(5 / 3, 12); // ... 1.5
    expect(p.delaysMin).toEqual([0, 2, 2, 5]);
    expect(p.medianDelayMin).toBe(2);
    expect(p.p90DelayMin).toBeCloseTo(2 + 0.7 * 3, 12); // position 0.9 * 3 = 2.7
    expect(p.byLength.map((x) => [x.segments, x.detected])).toEqual([[3, 2], [1, 1], [1, 1]]);
    expect([p.dimensionJudged, p.dimensionHits]).toEqual([3, 2]);
    expect(judgeSmdTargets(p).map((t) => [t.figure, t.pass])).toEqual([['recall', true], ['precision', false], ['falsePerDay', false]]);
  });
});
