// Plain-text table of an SMD report: one row per machine plus the pooled row, then the targets line.
import { LENGTH_BUCKETS, MINUTES_PER_DAY, type SegmentScore } from './scoreSegments.js';
import type { SmdReport } from './smdReport.js';

const num = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

const COLUMNS: { title: string; width: number; cell: (s: SegmentScore) => string }[] = [
  { title: 'segs', width: 5, cell: (s) => String(s.segments) },
  { title: 'det', width: 5, cell: (s) => String(s.detected) },
  { title: 'recall', width: 7, cell: (s) => num(s.recall, 3) },
  { title: 'tickets', width: 8, cell: (s) => String(s.tickets) },
  { title: 'prec', width: 6, cell: (s) => num(s.precision, 3) },
  { title: 'false/day', width: 10, cell: (s) => num(s.falsePerDay, 2) },
  { title: 'delay_med', width: 10, cell: (s) => num(s.medianDelayMin, 1) },
  { title: 'delay_p90', width: 10, cell: (s) => num(s.p90DelayMin, 1) },
  ...LENGTH_BUCKETS.map(({ bucket }, i) => ({
    title: `rec${bucket}`, width: 9,
    cell: (s: SegmentScore) => { const b = s.byLength[i]!; return `${b.detected}/${b.segments}`; },
  })),
  { title: 'dim_hit', width: 12, cell: (s) => (s.dimensionJudged ? `${num(s.dimensionHitRate, 2)} ${s.dimensionHits}/${s.dimensionJudged}` : '—') },
];

const FIGURE_NAMES = { recall: 'recall', precision: 'precision', falsePerDay: 'false/day' } as const;

export function formatSmdReport(r: SmdReport): string {
  const row = (name: string, s: SegmentScore) => name.padEnd(13) + COLUMNS.map((c) => c.cell(s).padStart(c.width)).join('');
  const days = r.pooled.testMinutes / MINUTES_PER_DAY;
  const targets = r.targets.map((t) =>
    `${FIGURE_NAMES[t.figure]} ${num(t.value, 3)} ${t.direction === 'atLeast' ? '>=' : '<='} ${t.target} ${t.pass ? 'PASS' : 'FALL SHORT'}`);
  return [
    `SMD ${r.dataDir}: ${r.machines.length} machines, ${days.toFixed(2)} test days, ${r.pooled.segments} labelled segments`,
    'scored per the dataset README: a ticket counts once where it opens; inside a segment [start,end] = true, else false; no grace window, no point-adjust',
    '',
    'machine'.padEnd(13) + COLUMNS.map((c) => c.title.padStart(c.width)).join(''),
    ...r.machines.map((m) => row(m.machine, m.score)),
    row('pooled', r.pooled),
    '',
    'rec<=5 / rec6-30 / rec>30: detected/segments by segment length in minutes; delay: minutes from segment start to its first ticket;',
    'dim_hit: detected segments whose first ticket named a labelled dimension, of those whose ticket named metrics; false/day: per machine-day outside segments',
    `targets (pooled): ${targets.join('; ')}`,
  ].join('\n');
}
