// Parses `npm run bench` arguments (sizes, suite filter, quick mode, port, output file) with readable errors.
import path from 'node:path';
import { parseArgs } from 'node:util';

export const SUITES = ['server', 'live', 'first-chart', 'browser', 'revenue', 'noc-assurance', 'noc-map', 'rules', 'executive', 'healthz'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchOptions {
  /** Target fact-table sizes (kpi rows and about as many usage rows each). */
  rows: number[];
  only: Set<SuiteName>;
  /** Tiny durations and one repetition: proves the bench runs (used by the test). */
  quick: boolean;
  /** Repetitions per timed measurement. */
  reps: number;
  /** 0 = pick a free port. */
  port: number;
  out: string;
  /** Seconds of steady streaming per stream measurement. */
  streamSeconds: number;
  /** Also run the executive suite on the big lake (2,000 sites, 200k accounts, 30 days): long to generate, so opt-in. */
  executiveBig: boolean;
}

export const USAGE = `usage: npm run bench -- [--rows 1e6,1e7] [--only server,live,first-chart,browser,revenue,noc-assurance,noc-map,rules,executive,healthz] [--executive-big] [--quick] [--reps N] [--port N] [--out FILE]`;

function positiveNumber(name: string, raw: string): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number, got '${raw}'\n${USAGE}`);
  return v;
}

export function parseBenchArgs(argv: readonly string[], repoRoot: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv], strict: true, allowPositionals: false,
    options: {
      rows: { type: 'string' }, only: { type: 'string' }, quick: { type: 'boolean' }, reps: { type: 'string' },
      port: { type: 'string' }, out: { type: 'string' }, 'stream-seconds': { type: 'string' }, 'executive-big': { type: 'boolean' },
    },
  });
  const quick = values.quick === true;
  const rows = (values.rows ?? (quick ? '2e4' : '1e6')).split(',').map((s) => Math.round(positiveNumber('rows', s.trim())));
  const only = new Set<SuiteName>();
  for (const s of (values.only ?? SUITES.join(',')).split(',').map((x) => x.trim()).filter(Boolean)) {
    if (!(SUITES as readonly string[]).includes(s)) throw new Error(`--only: unknown suite '${s}' (known: ${SUITES.join(', ')})\n${USAGE}`);
    only.add(s as SuiteName);
  }
  const port = values.port === undefined ? 8086 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0..65535, got '${values.port}'`);
  return {
    rows, only, quick, port,
    reps: values.reps ? Math.round(positiveNumber('reps', values.reps)) : quick ? 1 : 5,
    out: path.resolve(values.out ?? path.join(repoRoot, 'bench/results/latest.jsonl')),
    streamSeconds: values['stream-seconds'] ? positiveNumber('stream-seconds', values['stream-seconds']) : quick ? 1 : 10,
    executiveBig: values['executive-big'] === true,
  };
}
