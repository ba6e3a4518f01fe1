// The bench's output record (one JSON line each) and the small statistics every suite reports with.

/** One measurement: `name`, a finite `value` in `unit`, and whatever context explains it. */
export interface BenchRecord {
  name: string;
  value: number;
  unit: string;
  rows?: number;
  [extra: string]: string | number | boolean | null | undefined | readonly number[];
}

/** A benchmark that could not run; printed so a reader sees it was not forgotten. */
export interface BenchSkip { name: string; skipped: string }

export type BenchLine = BenchRecord | BenchSkip;

/** Nearest-rank percentile of a sample (p in 0..100); with few runs p95 is the slowest run, which is the honest reading. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) throw new Error('percentile of an empty sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary { p50: number; p95: number; runs: number }

export function summarize(samples: readonly number[]): Summary {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), runs: samples.length };
}

/** Rounds for printing without hiding the magnitude (3 significant digits below 1000). */
export function round3(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const digits = Math.max(0, 2 - mag);
  return Number(v.toFixed(Math.min(digits, 6)));
}

/** Records p50 and p95 of a timing sample as two lines sharing the same context. */
export function timingRecords(name: string, samplesMs: readonly number[], extra: Omit<BenchRecord, 'name' | 'value' | 'unit'> = {}): BenchRecord[] {
  const s = summarize(samplesMs);
  return [
    { name: `${name}.p50`, value: round3(s.p50), unit: 'ms', runs: s.runs, ...extra },
    { name: `${name}.p95`, value: round3(s.p95), unit: 'ms', runs: s.runs, ...extra },
  ];
}

/** rows / seconds, with the p50/p95 taken over per-run throughputs (p95 here is the slow tail, i.e. the 5th percentile of speed). */
export function rateRecords(name: string, rows: number, samplesMs: readonly number[], extra: Omit<BenchRecord, 'name' | 'value' | 'unit'> = {}): BenchRecord[] {
  const rates = samplesMs.map((ms) => rows / (ms / 1000));
  const s = summarize(samplesMs);
  return [
    { name: `${name}.p50`, value: round3(rows / (s.p50 / 1000)), unit: 'rows/s', rows, runs: rates.length, ...extra },
    { name: `${name}.p95`, value: round3(rows / (s.p95 / 1000)), unit: 'rows/s', rows, runs: rates.length, note: 'throughput of the p95 (slow) run', ...extra },
  ];
}
