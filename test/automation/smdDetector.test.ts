// The product detection path on SMD-shaped data: walk-forward baseline, scale-free multivariate scores, the default
// rules and the ticket loop find a planted two-metric incident and a one-metric extreme, name the metrics, and stay
// quiet on noise.
import { describe, expect, it } from 'vitest';
import { makeSmdDetector } from '../../pipelines/evaluate/smd/smdDetector.js';
import { SMD_METRIC_COUNT, type SmdMachine } from '../../pipelines/evaluate/smd/smdTypes.js';

/** Deterministic Gaussian noise (LCG + Box-Muller). */
function noise(seed: number): () => number {
  let s = seed;
  const u = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function machine(plant: (metric: number, testMinute: number) => number): SmdMachine {
  const trainRows = 8 * 1440, testRows = 2 * 1440;
  const rnd = noise(7);
  const col = (rows: number, test: boolean) => Array.from({ length: SMD_METRIC_COUNT }, (_, k) => {
    const a = new Float32Array(rows);
    for (let t = 0; t < rows; t++) a[t] = 0.3 + 0.01 * k + 0.02 * rnd() + (test ? plant(k, t) : 0);
    return a;
  });
  return {
    name: 'synthetic', metricNames: Array.from({ length: SMD_METRIC_COUNT }, (_, k) => `m${k}`), trainRows, testRows,
    train: col(trainRows, false), test: col(testRows, true),
  };
}

describe('SMD detector (product path)', () => {
  it('opens one ticket when two metrics jump together, naming them, and one for a single extreme metric', async () => {
    // Minutes 600-603: m3 and m9 up by 0.5 (25 sigma); minute 2000: m20 down by 0.9 (45 sigma, two-sided).
    const m = machine((k, t) => (t >= 600 && t <= 603 && (k === 3 || k === 9) ? 0.5 : t === 2000 && k === 20 ? -0.9 : 0));
    const tickets = await makeSmdDetector()(m);
    expect(tickets.map((t) => t.openedAtMinute)).toEqual([600, 2000]);
    expect(tickets[0]!.metrics!.sort((a, b) => a - b)).toEqual([3, 9]);
    expect(tickets[1]!.metrics).toEqual([20]);
  }, 60_000);

  it('stays quiet on Gaussian noise, and on one metric moving by a margin its noise allows', async () => {
    const m = machine((k, t) => (t >= 900 && t <= 905 && k === 5 ? 0.2 : 0)); // 10 sigma, one metric: below 30
    expect(await makeSmdDetector()(m)).toEqual([]);
  }, 60_000);
});
