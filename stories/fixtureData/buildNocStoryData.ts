// Regenerates stories/fixtureData/nocStoryData.json from the seed-7 story lake: `npx tsx stories/fixtureData/buildNocStoryData.ts`.
// Assurance comes from the server's pure TS path over the generated facts, so stories show real generator output.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLake } from '../../fixtures/generateLake.js';
import { LakeReader } from '../../pipelines/lake/lakeReader.js';
import { HotWindow } from '../../pipelines/hot/hotWindow.js';
import { FactReader } from '../../pipelines/lake/factReader.js';
import { NocService } from '../../server/noc/nocService.js';
import { RevenueService } from '../../server/revenue/revenueService.js';
import type { NocStoryData } from './nocStoryData.js';

const FIXTURE = { seed: 7, sites: 20, accounts: 500, days: 1, endMs: Date.UTC(2026, 0, 15) } as const;

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-noc-story-'));
  const lakeDir = path.join(tmp, 'lake');
  try {
    await generateLake({ ...FIXTURE, outDir: lakeDir });
    const lake = await LakeReader.open(lakeDir);
    // An empty hot window starting at the lake end: everything is read from the lake.
    // Rated as of the last lake millisecond, as a server started at the lake end would be.
    const rating = new RevenueService(lake, () => lake.manifest.endMs - 1, { info() {}, error(o) { console.error(o); } });
    if (!(await rating.refresh())) throw new Error(rating.lastError ?? 'rating failed');
    const noc = new NocService(new FactReader(lake, new HotWindow(0, lake.manifest.endMs)), rating);
    const w = { fromMs: lake.manifest.endMs - 86_400_000, toMs: lake.manifest.endMs };
    const res = await noc.assurance(w);
    const sites = (await noc.sites()).map((s) => ({
      siteId: s.site_id, name: s.name, city: s.city, province: s.province, region: s.region, lat: s.lat, lon: s.lon, tech: s.tech, transportNodeId: s.transport_node_id,
    }));
    const kpi = await lake.scan('kpi', { fromMs: w.toMs - 60_000, toMs: w.toMs }, { columns: ['site_id', 'active_users'] });
    const activeUsers = Object.fromEntries(kpi.site_id.map((id, i) => [id, kpi.active_users[i]!]));
    const worst = [...res.sites].filter((s) => s.assurancePct !== null).sort((a, b) => a.assurancePct! - b.assurancePct!)[0]!;
    const detail = await noc.siteDetail(worst.siteId, w, 5 * 60_000);
    const tiers = await lake.scan('tier', {}, { columns: ['tier_id', 'name'] });
    lake.close();
    const data: NocStoryData = {
      fixture: FIXTURE, window: w, sites, assurance: res.sites, revenue: res.revenue, activeUsers,
      detailSiteId: worst.siteId, detail: { series: detail.series, openAlarms: detail.openAlarms, accounts: detail.accounts },
      tierNames: tiers.tier_id.map((id, i) => [id, tiers.name[i]!]),
    };
    await writeFile(path.join(here, 'nocStoryData.json'), JSON.stringify(data) + '\n');
    console.log(`wrote nocStoryData.json: ${sites.length} sites, ${res.fleet.belowObjective} below objective, detail site ${worst.siteId}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
