// `npm run soak -- --minutes N [--restarts K]`: the reliability drill on this machine (localhost only, bounded by
// --minutes), printing one JSON summary: sent / acknowledged / stored / duplicated / lost, tickets, /healthz, RSS.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDrill } from './soakDrill.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function positive(name: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number in (0, ${max}], got '${text}'`);
  return n;
}

// Signals end the drill through process.exit, so its exit hook kills the server it started.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' }, restarts: { type: 'string', default: '3' },
      producers: { type: 'string', default: '4' }, batch: { type: 'string', default: '500' },
      live: { type: 'string', default: '20' }, snapshots: { type: 'string', default: '2' },
      'flush-ms': { type: 'string', default: '5000' }, 'sim-speed': { type: 'string', default: '60' },
      sites: { type: 'string', default: '300' }, accounts: { type: 'string', default: '20000' }, days: { type: 'string', default: '7' },
      dir: { type: 'string' }, keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const minutes = positive('minutes', values.minutes, 24 * 60);
  const workDir = values.dir ? path.resolve(values.dir) : await mkdtemp(path.join(os.tmpdir(), 'opsdeck-soak-'));
  const log = (m: string) => process.stderr.write(`[soak] ${m}\n`);
  log(`${minutes} min, ${values.restarts} kill -9 restarts, work dir ${workDir}`);
  try {
    const report = await runDrill({
      repoRoot, workDir, durationMs: minutes * 60_000, restarts: Math.floor(positive('restarts', values.restarts, 1000)),
      lake: { sites: positive('sites', values.sites, 10_000), accounts: positive('accounts', values.accounts, 1e6), days: positive('days', values.days, 366) },
      producers: positive('producers', values.producers, 64), batch: positive('batch', values.batch, 10_000),
      liveClients: Math.floor(Number(values.live)), snapshotReaders: Math.floor(Number(values.snapshots)),
      flushIntervalMs: positive('flush-ms', values['flush-ms'], 3_600_000), simSpeed: positive('sim-speed', values['sim-speed'], 100_000), log,
    });
    process.stdout.write(JSON.stringify(report) + '\n');
    const e = report.events;
    log(`sent ${e.sent}, acknowledged ${e.acknowledged}, stored ${e.stored}, duplicated ${e.duplicated}, lost ${e.lost}; ` +
      `tickets lost ${report.tickets.lost}, duplicated groups ${report.tickets.duplicatedGroups}; ` +
      `/healthz p99 ${report.healthz.p99Ms} ms; RSS peak ${(report.rssPeakBytes / 2 ** 20).toFixed(0)} MiB`);
    if (e.lost || e.duplicated || report.tickets.lost || report.tickets.duplicatedGroups) process.exitCode = 1;
  } finally {
    if (!values.dir && !values.keep) await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
