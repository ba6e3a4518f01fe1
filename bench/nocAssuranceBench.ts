// Runs the NOC assurance suite alone (also `npm run bench -- --only noc-assurance`); prints one JSON object per line.
// Usage: npx tsx bench/nocAssuranceBench.ts [--lake DIR]   (default: the default fixture, seed 42, 300 sites, 20000 accounts, 7 days, ending 2026-01-15)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateLake } from '../fixtures/generateLake.js';
import { runNocAssuranceSuite } from './nocAssuranceSuite.js';

const i = process.argv.indexOf('--lake');
let lakeDir = i > 0 ? process.argv[i + 1]! : '';
let tmp = '';
if (!lakeDir) {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-noc-assurance-'));
  lakeDir = path.join(tmp, 'lake');
  await generateLake({ seed: 42, sites: 300, accounts: 20_000, days: 7, outDir: lakeDir, endMs: Date.UTC(2026, 0, 15) });
}
try {
  for (const l of await runNocAssuranceSuite({ lakeDir })) console.log(JSON.stringify(l));
} finally {
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
