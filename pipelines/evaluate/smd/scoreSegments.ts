// Scores tickets against labelled SMD segments as the dataset README prescribes (no grace window, no point-adjust), and pools machines.
import { quantile } from '../scoreDetections.js';
import type { SmdSegment, SmdTicket } from './smdTypes.js';

export const MINUTES_PER_DAY = 1440;

/** Short segments are the hard part (a 3-minute fault is over before most rules fire), so recall is split by length. */
export const LENGTH_BUCKETS = [
  { bucket: '<=5', maxLengthMin: 5 },
  { bucket: '6-30', maxLengthMin: 30 },
  { bucket: '>30', maxLengthMin: Number.POSITIVE_INFINITY },
] as const;
export type LengthBucket = (typeof LENGTH_BUCKETS)[number]['bucket'];

export function lengthBucketOf(lengthMin: number): LengthBucket {
  return LENGTH_BUCKETS.find((b) => lengthMin <= b.maxLengthMin)!.bucket;
}

/** Sums that add up across machines; every ratio is derived from these, so pooling never averages ratios. */
export interface SegmentCounts {
  segments: number;
  detected: number;
  tickets: number;
  /** Tickets opened inside some segment (inclusive). */
  trueTickets: number;
  falseTickets: number;
  testMinutes: number;
  /** Test minutes outside every segment: the exposure false tickets are divided by. */
  outsideMinutes: number;
  /** Minutes from segment start to the first ticket inside it, one per detected segment, ascending. */
  delaysMin: number[];
  /** Detected segments whose first ticket named metrics (and whose label names dimensions). */
  dimensionJudged: number;
  dimensionHits: number;
  byLength: { bucket: LengthBucket; segments: number; detected: number }[];
}

/** Ratios are null when their denominator is 0 (no segments, no tickets, ...), never a flattering 1. */
export interface SegmentScore extends Omit<SegmentCounts, 'byLength'> {
  recall: number | null;
  precision: number | null;
  falsePerDay: number | null;
  medianDelayMin: number | null;
  p90DelayMin: number | null;
  dimensionHitRate: number | null;
  byLength: { bucket: LengthBucket; segments: number; detected: number; recall: number | null }[];
}

export interface SegmentResult {
  startMinute: number;
  endMinute: number;
  lengthMin: number;
  ticketsInside: number;
  firstTicketMinute: number | null;
  delayMin: number | null;
  /** Did the first ticket's metrics overlap the labelled dimensions (null: not judged). */
  dimensionHit: boolean | null;
}

export interface MachineSegmentScore extends SegmentScore {
  segmentResults: SegmentResult[];
  falseTicketMinutes: number[];
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

function withRatios(c: SegmentCounts): SegmentScore {
  return {
    ...c,
    recall: ratio(c.detected, c.segments),
    precision: ratio(c.trueTickets, c.tickets),
    falsePerDay: ratio(c.falseTickets, c.outsideMinutes / MINUTES_PER_DAY),
    medianDelayMin: quantile(c.delaysMin, 0.5),
    // Linear interpolation between order statistics, as scoreDetections' lead-time quantiles.
    p90DelayMin: quantile(c.delaysMin, 0.9),
    dimensionHitRate: ratio(c.dimensionHits, c.dimensionJudged),
    byLength: c.byLength.map((b) => ({ ...b, recall: ratio(b.detected, b.segments) })),
  };
}

/** `segments` ascending and disjoint (smdLabels checks that); tickets in any order. A ticket on a segment's last minute is inside it. */
export function scoreSegments(segments: readonly SmdSegment[], tickets: readonly SmdTicket[], testMinutes: number): MachineSegmentScore {
  const sorted = [...tickets].sort((a, b) => a.openedAtMinute - b.openedAtMinute);
  const inside = segments.map(() => [] as SmdTicket[]);
  const falseTicketMinutes: number[] = [];
  for (const t of sorted) {
    const i = segments.findIndex((s) => t.openedAtMinute >= s.startMinute && t.openedAtMinute <= s.endMinute);
    if (i >= 0) inside[i]!.push(t); else falseTicketMinutes.push(t.openedAtMinute);
  }
  const segmentResults = segments.map((s, i): SegmentResult => {
    const first = inside[i]![0];
    const judged = first?.metrics !== undefined && s.dimensions.length > 0;
    return {
      startMinute: s.startMinute, endMinute: s.endMinute, lengthMin: s.endMinute - s.startMinute + 1,
      ticketsInside: inside[i]!.length,
      firstTicketMinute: first ? first.openedAtMinute : null,
      delayMin: first ? first.openedAtMinute - s.startMinute : null,
      dimensionHit: judged ? first!.metrics!.some((m) => s.dimensions.includes(m)) : null,
    };
  });
  const detected = segmentResults.filter((r) => r.firstTicketMinute !== null);
  const labelledMinutes = segmentResults.reduce((n, r) => n + r.lengthMin, 0);
  const counts: SegmentCounts = {
    segments: segments.length,
    detected: detected.length,
    tickets: tickets.length,
    trueTickets: tickets.length - falseTicketMinutes.length,
    falseTickets: falseTicketMinutes.length,
    testMinutes,
    outsideMinutes: testMinutes - labelledMinutes,
    delaysMin: detected.map((r) => r.delayMin!).sort((a, b) => a - b),
    dimensionJudged: segmentResults.filter((r) => r.dimensionHit !== null).length,
    dimensionHits: segmentResults.filter((r) => r.dimensionHit === true).length,
    byLength: LENGTH_BUCKETS.map(({ bucket }) => {
      const inBucket = segmentResults.filter((r) => lengthBucketOf(r.lengthMin) === bucket);
      return { bucket, segments: inBucket.length, detected: inBucket.filter((r) => r.firstTicketMinute !== null).length };
    }),
  };
  return { ...withRatios(counts), segmentResults, falseTicketMinutes };
}

/** Pooled over machines: counts summed, ratios recomputed from the sums (a machine with more segments weighs more). */
export function poolSegmentScores(scores: readonly SegmentScore[]): SegmentScore {
  const sum = (f: (s: SegmentScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  return withRatios({
    segments: sum((s) => s.segments),
    detected: sum((s) => s.detected),
    tickets: sum((s) => s.tickets),
    trueTickets: sum((s) => s.trueTickets),
    falseTickets: sum((s) => s.falseTickets),
    testMinutes: sum((s) => s.testMinutes),
    outsideMinutes: sum((s) => s.outsideMinutes),
    delaysMin: scores.flatMap((s) => s.delaysMin).sort((a, b) => a - b),
    dimensionJudged: sum((s) => s.dimensionJudged),
    dimensionHits: sum((s) => s.dimensionHits),
    byLength: LENGTH_BUCKETS.map(({ bucket }, i) => ({
      bucket, segments: sum((s) => s.byLength[i]!.segments), detected: sum((s) => s.byLength[i]!.detected),
    })),
  });
}
