// `npm run evaluate -- --dataset smd`: runs a detector over each SMD machine's test half and scores its tickets against the labels.
import { loadSmdMachine, listSmdMachines, resolveSmdDir } from './smdDataset.js';
import { SmdDataError } from './smdCsv.js';
import { poolSegmentScores, scoreSegments } from './scoreSegments.js';
import { judgeSmdTargets, type SmdMachineReport, type SmdReport } from './smdReport.js';
import { SMD_METRIC_COUNT, type SmdMachine, type SmdTicket } from './smdTypes.js';

export { formatSmdReport } from './formatSmdReport.js';
export type { SmdReport } from './smdReport.js';
export type { SmdMachine, SmdSegment, SmdTicket } from './smdTypes.js';

/**
 * The seam: a detector sees one machine's train and test columns (never its labels) and returns the tickets it
 * would have opened during the test half, each at a test minute in [0, testRows).
 */
export type SmdDetector = (m: SmdMachine, onProgress?: (msg: string) => void) => Promise<SmdTicket[]>;

export interface EvaluateSmdOptions {
  dataDir?: string;
  /** Default: every machine in the folder. */
  machines?: string[];
  detector: SmdDetector;
  onProgress?: (msg: string) => void;
}

/** Tickets come from code we do not own: reject impossible ones here rather than score them silently. */
function checkTickets(m: SmdMachine, tickets: readonly SmdTicket[]): void {
  for (const t of tickets) {
    const at = t.openedAtMinute;
    if (!Number.isInteger(at) || at < 0 || at >= m.testRows) throw new Error(`detector returned a ticket at minute ${at} on ${m.name}; test minutes are whole numbers 0..${m.testRows - 1}`);
    const bad = t.metrics?.find((x) => !Number.isInteger(x) || x < 0 || x >= SMD_METRIC_COUNT);
    if (bad !== undefined) throw new Error(`detector returned metric ${bad} on ${m.name} minute ${at}; metrics are 0..${SMD_METRIC_COUNT - 1}`);
  }
}

export async function evaluateSmd(o: EvaluateSmdOptions): Promise<SmdReport> {
  const dataDir = resolveSmdDir(o.dataDir);
  const available = await listSmdMachines(dataDir);
  if (!available.length) throw new SmdDataError(`no machine-*.test.csv.gz files in ${dataDir}`);
  const unknown = (o.machines ?? []).filter((m) => !available.includes(m));
  if (unknown.length) throw new SmdDataError(`unknown machine(s) ${unknown.join(', ')} in ${dataDir}; available: ${available.join(', ')}`);
  const names = o.machines?.length ? available.filter((m) => o.machines!.includes(m)) : available;
  const machines: SmdMachineReport[] = [];
  // One machine at a time: each holds ~7 MB of columns and detectors may be memory-hungry.
  for (const name of names) {
    const t0 = Date.now();
    const { machine, segments } = await loadSmdMachine(dataDir, name);
    o.onProgress?.(`${name}: loaded ${machine.trainRows} train + ${machine.testRows} test rows, ${segments.length} segments in ${Date.now() - t0} ms`);
    const t1 = Date.now();
    const tickets = await o.detector(machine, o.onProgress);
    checkTickets(machine, tickets);
    o.onProgress?.(`${name}: detector opened ${tickets.length} tickets in ${Date.now() - t1} ms`);
    machines.push({ machine: name, trainRows: machine.trainRows, testRows: machine.testRows, score: scoreSegments(segments, tickets, machine.testRows) });
  }
  const pooled = poolSegmentScores(machines.map((m) => m.score));
  return { dataset: 'smd', dataDir, machines, pooled, targets: judgeSmdTargets(pooled) };
}
