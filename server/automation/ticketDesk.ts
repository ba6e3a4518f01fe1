// What people do with tickets: list and count them, open one with its KPI chart, acknowledge, comment, resolve;
// a scoped user sees and acts on only the tickets about a site in their scope (others are as unknown as missing ones).
import type { Ticket, TicketDetail, TicketSeries } from '../../schema/automation.js';
import type { Verdict } from '../../schema/autonomy.js';
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import { MINUTE_MS } from '../../pipelines/detect/kpiFields.js';
import { baselineCursor, centerAt, type SeasonalBaseline } from '../../pipelines/detect/seasonalBaseline.js';
import type { HealLoop } from '../../pipelines/heal/healLoop.js';
import type { TicketFilter, TicketStore } from '../../pipelines/heal/ticketStore.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import { NotFoundError } from '../../schema/domainErrors.js';
import { DataScope } from '../identity/dataScope.js';

/** Sites drawn in a ticket's chart at most (a transport ticket can cover dozens). */
const CHART_SITES = 8;

export interface TicketDeskDeps {
  store: TicketStore;
  heal: HealLoop;
  facts: FactReader;
  baseline: () => SeasonalBaseline;
  slaMs: number;
  now: () => number;
  /** The detector's latest features by site (approval's timeline text describes the site's state). */
  features?: () => ReadonlyMap<number, SiteFeatures>;
}

export class TicketDesk {
  constructor(private readonly d: TicketDeskDeps) {}

  list(f: TicketFilter, scope: DataScope = DataScope.ALL): Promise<Ticket[]> {
    return this.d.store.list(scope.siteIds ? { ...f, anySiteOf: [...scope.siteIds] } : f);
  }

  counts(scope: DataScope = DataScope.ALL) { return this.d.store.counts(scope.siteIds ? [...scope.siteIds] : undefined); }

  /** The ticket with its events and chart; the chart draws only sites in the scope. */
  async detail(id: number, scope: DataScope = DataScope.ALL): Promise<TicketDetail & { series: TicketSeries }> {
    const d = await this.d.store.detail(id);
    if (!d || !scope.hasAnySite(d.ticket.siteIds)) throw new NotFoundError(`no ticket ${id}`);
    return { ...d, series: await this.series(d.ticket, scope) };
  }

  async acknowledge(id: number, user: string, scope: DataScope = DataScope.ALL) {
    await this.assertVisible(id, scope);
    return this.d.heal.acknowledge(id, user, this.d.now());
  }

  async comment(id: number, user: string, text: string, scope: DataScope = DataScope.ALL) {
    await this.assertVisible(id, scope);
    return this.d.heal.comment(id, user, text, this.d.now());
  }

  async resolve(id: number, user: string, reason: string, scope: DataScope = DataScope.ALL) {
    await this.assertVisible(id, scope);
    return this.d.heal.resolve(id, user, reason, this.d.now());
  }

  /** Approves a ticket's suggested runbook: it runs now (guards and maintenance windows still apply). */
  async approve(id: number, user: string, note: string, scope: DataScope = DataScope.ALL) {
    await this.assertVisible(id, scope);
    return this.d.heal.approve(id, user, note, this.d.now(), this.d.features?.() ?? new Map());
  }

  async reject(id: number, user: string, note: string, scope: DataScope = DataScope.ALL) {
    await this.assertVisible(id, scope);
    return this.d.heal.reject(id, user, note, this.d.now());
  }

  async setVerdict(id: number, verdict: Verdict, user: string, note: string, scope: DataScope = DataScope.ALL) {
    await this.assertVisible(id, scope);
    return this.d.heal.setVerdict(id, verdict, user, note, this.d.now());
  }

  /** The ticket as stored (no events, no chart), if it is about a site in the scope; else as unknown as a missing one. */
  async visible(id: number, scope: DataScope = DataScope.ALL): Promise<Ticket> {
    const t = await this.d.store.get(id);
    if (!t || !scope.hasAnySite(t.siteIds)) throw new NotFoundError(`no ticket ${id}`);
    return t;
  }

  private async assertVisible(id: number, scope: DataScope): Promise<void> {
    if (!scope.unrestricted) await this.visible(id, scope);
  }

  /** Latency (and baseline) of the ticket's sites in scope from an hour before it opened to 30 min after it closed. */
  private async series(t: Ticket, scope: DataScope): Promise<TicketSeries> {
    const fromMs = t.openedAtMs - 60 * MINUTE_MS;
    const toMs = (t.closedAtMs ?? this.d.now()) + 30 * MINUTE_MS;
    const sites = new Set(t.siteIds.filter((s) => scope.hasSite(s)).slice(0, CHART_SITES));
    const cols = await this.d.facts.numbers('kpi', { fromMs, toMs }, ['ts', 'site_id', 'latency_ms']);
    const ts = cols.ts!, siteId = cols.site_id!, latency = cols.latency_ms!;
    const b = this.d.baseline();
    const points: TicketSeries['points'] = [];
    for (let i = 0; i < ts.length; i++) {
      const site = siteId[i]!;
      if (!sites.has(site)) continue;
      const bi = b.siteIndex.get(site);
      // The baseline the detector judged this minute by (day-type slot, all-days slot or flat).
      const base = bi === undefined ? null : centerAt(b, baselineCursor(b, bi, ts[i]!), 'latency_ms');
      points.push({ ts: ts[i]!, siteId: site, latencyMs: latency[i]!, baselineMs: base !== null && Number.isFinite(base) ? base : null });
    }
    points.sort((a, b2) => a.ts - b2.ts || a.siteId - b2.siteId);
    return { slaMs: this.d.slaMs, points };
  }
}
