// Regenerates stories/fixtureData/spineStoryData.json from a tiny seeded lake: `npx tsx stories/fixtureData/buildSpineStoryData.ts`.
// Counts come from the lake reader; hourly tokens are summed here in JS (a second path to the
// browser's SQL), so stories show real generator output, never hand-typed numbers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLake } from '../../fixtures/generateLake.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import type { SpineStoryData } from './spineStoryData.js';

const HOUR_MS = 3_600_000;
// A fixed end date (not "today") keeps the committed JSON byte-identical across reruns.
const FIXTURE = { seed: 7, sites: 20, accounts: 500, days: 1, endMs: Date.UTC(2026, 0, 15) } as const;
const TABLES = ['site', 'tier', 'account', 'usage', 'kpi', 'alarm'] as const;

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-story-lake-'));
  const lakeDir = path.join(tmp, 'lake');
  try {
    await generateLake({ ...FIXTURE, outDir: lakeDir });
    const lake = await LakeReader.open(lakeDir);
    const sinceMs = Math.floor((lake.manifest.endMs - 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
    const counts = {} as SpineStoryData['counts'];
    const totals = {} as SpineStoryData['counts'];
    for (const t of TABLES) {
      totals[t] = await lake.count(t, {});
      counts[t] = await lake.count(t, { fromMs: sinceMs });
    }
    const usage = await lake.scan('usage', { fromMs: sinceMs }, { columns: ['ts', 'tokens_in', 'tokens_out'] });
    const byHour = new Map<number, number>();
    for (let i = 0; i < usage.ts.length; i++) {
      const h = Math.floor(usage.ts[i]! / HOUR_MS) * HOUR_MS;
      byHour.set(h, (byHour.get(h) ?? 0) + usage.tokens_in[i]! + usage.tokens_out[i]!);
    }
    const lastHour = Math.max(...byHour.keys());
    const lastHourRows = usage.ts.filter((ts) => ts >= lastHour).length;
    lake.close();
    const data: SpineStoryData = {
      fixture: { seed: FIXTURE.seed, sites: FIXTURE.sites, accounts: FIXTURE.accounts, days: FIXTURE.days, startMs: lake.manifest.startMs, endMs: lake.manifest.endMs },
      sinceMs,
      counts,
      totals,
      hourlyTokens: [...byHour.entries()].sort((a, b) => a[0] - b[0]).map(([hourMs, tokens]) => ({ hourMs, tokens })),
      usageRowsLastHour: lastHourRows,
    };
    await writeFile(path.join(here, 'spineStoryData.json'), JSON.stringify(data, null, 1) + '\n');
    console.log(`wrote spineStoryData.json: ${data.hourlyTokens.length} hours, counts ${JSON.stringify(counts)}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
