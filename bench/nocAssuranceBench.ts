// Assurance of a generated lake (default fixture unless --lake DIR is given): sites below objective and server compute time.
// Run: `npx tsx bench/nocAssuranceBench.ts [--lake DIR]`; prints JSON lines {"name","value","unit",...}.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateLake } from '../fixtures/generateLake.js';
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import { HotWindow } from '../pipelines/hot/hotWindow.js';
import { NocService } from '../server/noc/nocService.js';
import { RevenueService } from '../server/revenue/revenueService.js';

const i = process.argv.indexOf('--lake');
let lakeDir = i > 0 ? process.argv[i + 1]! : '';
let tmp = '';
if (!lakeDir) {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-noc-assurance-'));
  lakeDir = path.join(tmp, 'lake');
  await generateLake({ seed: 42, sites: 300, accounts: 20_000, days: 7, outDir: lakeDir, endMs: Date.UTC(2026, 0, 15) });
}
try {
  const lake = await LakeReader.open(lakeDir);
  const m = lake.manifest;
  // Empty hot window at the lake end: every row is read from the lake.
  const rating = new RevenueService(lakeDir, m.startMs, () => m.endMs - 1, { info() {}, error(o) { console.error(o); } });
  if (!(await rating.refresh())) throw new Error(rating.lastError ?? 'rating failed');
  const noc = new NocService(lake, new HotWindow(0, m.endMs), rating);
  const base = { seed: m.seed, sites: m.sites, accounts: m.accounts, days: m.days };
  for (const [label, ms] of [['24h', 86_400_000], ['7d', 7 * 86_400_000]] as const) {
    const r = await noc.assurance({ fromMs: m.endMs - ms, toMs: m.endMs });
    const f = r.fleet;
    console.log(JSON.stringify({ name: `noc_sites_below_objective_${label}`, value: f.belowObjective, unit: 'sites', of: f.sites, met: f.met, noData: f.noData, creditsFen: f.creditsFen, ...base }));
    console.log(JSON.stringify({ name: `noc_assurance_compute_${label}`, value: r.computeMs, unit: 'ms', ...base }));
  }
  lake.close();
} finally {
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
