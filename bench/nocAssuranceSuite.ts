// NOC assurance suite: assurance of a lake's last 24 h and 7 d on the server's TS path, compute time, and the top "sites to fix" with revenue at risk.
import { LakeReader } from '../pipelines/lake/lakeReader.js';
import { HotWindow } from '../pipelines/hot/hotWindow.js';
import { FactReader } from '../pipelines/lake/factReader.js';
import { revenueAtRiskBySite } from '../domain/assurance/revenueAtRisk.js';
import { NocService } from '../server/noc/nocService.js';
import { RevenueService } from '../server/revenue/revenueService.js';
import { buildSitePoints, rankSitesToFix } from '../client/features/noc/siteMapModel.js';
import type { BenchLine } from './benchRecord.js';

const WINDOWS = [['24h', 86_400_000], ['7d', 7 * 86_400_000]] as const;

export interface NocAssuranceSuiteOptions { lakeDir: string; topSites?: number }

export async function runNocAssuranceSuite(o: NocAssuranceSuiteOptions): Promise<BenchLine[]> {
  const lake = await LakeReader.open(o.lakeDir);
  const out: BenchLine[] = [];
  try {
    const m = lake.manifest;
    const base = { seed: m.seed, sites: m.sites, accounts: m.accounts, days: m.days, lakeEnd: new Date(m.endMs).toISOString().slice(0, 10) };
    // Rated as of the last lake millisecond, as a server started at the lake end would be.
    const t0 = performance.now();
    const rating = new RevenueService(lake, () => m.endMs - 1, { info() {}, error(e) { console.error(e); } });
    if (!(await rating.refresh())) throw new Error(rating.lastError ?? 'rating failed');
    out.push({ name: 'noc_rating_for_revenue_at_risk', value: Math.round(performance.now() - t0), unit: 'ms', ...base });
    // Empty hot window at the lake end: every row is read from the lake.
    const noc = new NocService(new FactReader(lake, new HotWindow(0, m.endMs)), rating);
    const sites = (await noc.sites()).map((s) => ({
      siteId: s.site_id, name: s.name, city: s.city, province: s.province, region: s.region, lat: s.lat, lon: s.lon, tech: s.tech, transportNodeId: s.transport_node_id,
    }));
    for (const [label, ms] of WINDOWS) {
      const r = await noc.assurance({ fromMs: m.endMs - ms, toMs: m.endMs });
      const f = r.fleet;
      out.push({ name: `noc_sites_below_objective_${label}`, value: f.belowObjective, unit: 'sites', of: f.sites, met: f.met, noData: f.noData, creditsFen: f.creditsFen, ...base });
      out.push({ name: `noc_assurance_compute_${label}`, value: r.computeMs, unit: 'ms', ...base });
      // The page's ranking ("sites to fix first"), on the same points the map shows.
      const points = buildSitePoints(sites, r.sites, new Map(), revenueAtRiskBySite(r.sites, r.revenue));
      rankSitesToFix(points, o.topSites ?? 5).forEach((p, i) => out.push({
        name: `noc_site_to_fix_${label}.${i + 1}`, value: p.revenueAtRiskFen, unit: 'fen', siteId: p.siteId, siteName: p.name, level: p.status.status,
        revenueFen: p.revenueFen, creditsFen: p.assurance?.creditsFen ?? 0, assurancePct: p.assurance?.assurancePct ?? null, ...base,
      }));
    }
  } finally {
    lake.close();
  }
  return out;
}
