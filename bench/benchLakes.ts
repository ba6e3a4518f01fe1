// Deterministic lakes for each bench size, generated once (outside any timed part) and cached under .tmp/bench-lakes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateLake } from '../fixtures/generateLake.js';
import { DAY_MS } from '../pipelines/simulator/plan/faultPlan.js';
import { MANIFEST_FILE, type LakeManifest } from '../pipelines/lake/lakeLayout.js';
import { readManifest } from '../pipelines/lake/lakeReader.js';

export interface LakeSize { sites: number; accounts: number; days: number; seed: number }

/** The default `npm start` lake (README): 300 sites, 20k accounts, 7 days, seed 42. */
export const DEFAULT_LAKE: LakeSize = { sites: 300, accounts: 20_000, days: 7, seed: 42 };

// One KPI sample per site-minute; the generator makes about 18.5 usage events per account-day
// (2.6M for 20k accounts x 7 days), so these sizes give ~`rows` kpi rows and ~`rows` usage rows.
const KPI_PER_SITE_DAY = 1440;
const USAGE_PER_ACCOUNT_DAY = 18.5;

export function lakeSizeFor(rows: number): LakeSize {
  const days = rows >= 5e6 ? 4 : rows >= 2e5 ? 2 : 1;
  return {
    days,
    sites: Math.max(2, Math.round(rows / (KPI_PER_SITE_DAY * days))),
    accounts: Math.max(50, Math.round(rows / (USAGE_PER_ACCOUNT_DAY * days))),
    seed: 42,
  };
}

export function utcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Generates (or reuses) a lake. `endMs` defaults to tomorrow's UTC midnight: the server's clock then
 * starts at the lake end, its hot window loads from the lake, and the simulator has nothing to catch up.
 */
export async function ensureBenchLake(repoRoot: string, size: LakeSize, endMs = utcMidnight(Date.now()) + DAY_MS,
  log: (msg: string) => void = () => {}): Promise<{ dir: string; manifest: LakeManifest; generatedMs: number }> {
  const date = new Date(endMs).toISOString().slice(0, 10);
  const dir = path.join(repoRoot, '.tmp/bench-lakes', `s${size.sites}-a${size.accounts}-d${size.days}-seed${size.seed}-end${date}`);
  let generatedMs = 0;
  if (!existsSync(path.join(dir, MANIFEST_FILE))) {
    const t0 = performance.now();
    log(`generating lake ${path.basename(dir)}`);
    await generateLake({ ...size, endMs, outDir: dir });
    generatedMs = performance.now() - t0;
  }
  return { dir, manifest: await readManifest(dir), generatedMs };
}
