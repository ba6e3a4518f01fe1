// Embedded default: make sure a lake exists, generating the default one (ending today, UTC) if not.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateLake } from '../fixtures/generateLake.js';
import { MANIFEST_FILE } from '../pipelines/lake/lakeLayout.js';
import { ensureHistory } from '../pipelines/history/generateHistory.js';

export interface DefaultLake { seed: number; sites: number; accounts: number; days: number }

export async function ensureLake(lakeDir: string, size: DefaultLake, log: (msg: string) => void): Promise<{ generated: boolean; ms: number }> {
  if (existsSync(path.join(lakeDir, MANIFEST_FILE))) {
    // A lake from before the daily history existed gets its generated past once; without it the report only lacks old days.
    await ensureHistory(lakeDir, log).catch((err: unknown) => log(`no daily history added to ${lakeDir}: ${err instanceof Error ? err.message : String(err)}`));
    return { generated: false, ms: 0 };
  }
  const t0 = Date.now();
  const today = new Date();
  const endMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  log(`no lake at ${lakeDir}: generating ${size.sites} sites, ${size.accounts} accounts, ${size.days} days (seed ${size.seed})`);
  await generateLake({ ...size, endMs, outDir: lakeDir, onProgress: log });
  return { generated: true, ms: Date.now() - t0 };
}
