// tRPC procedures of maintenance windows: list (with occurrences now and in the next 7 days, and covered sites), the
// alerts they hold, save, remove, enable. A user with a data scope sees windows inside it or fleet-wide, and changes
// only windows pinned inside it (as with silences).
import { z } from 'zod';
import { NotFoundError } from '../../schema/domainErrors.js';
import {
  MAINTENANCE_LIMITS, maintenanceInputSchema,
  type MaintenanceHeldAlert, type MaintenanceHeldAlerts, type MaintenanceList, type MaintenanceWindow, type MaintenanceWindowView,
} from '../../schema/maintenance.js';
import { maintenanceReach, type MaintenanceBook } from '../automation/maintenanceBook.js';
import type { DataScope } from '../identity/dataScope.js';
import { actorOf, allow, recordAudit, t, type TrpcContext } from './trpc.js';
import { assertPinnedInside, automationOf } from './automationAccess.js';

/** A scoped user's window must be pinned inside their scope. */
function assertInScope(matchers: Record<string, string>, scope: DataScope, book: MaintenanceBook): void {
  assertPinnedInside(maintenanceReach(matchers, scope, book.allSites), matchers, 'maintenance window', 'site_id, transport_node_id, province or region');
}

/** The window as this user may change it: a missing one, or one their scope does not hold, is not found. */
function editable(ctx: TrpcContext, book: MaintenanceBook, id: string): MaintenanceWindow {
  const w = book.get(id);
  if (!w || (!ctx.scope.unrestricted && maintenanceReach(w.matchers, ctx.scope, book.allSites) !== 'inside')) {
    throw new NotFoundError(`no maintenance window ${id}`);
  }
  return w;
}

/** At most this many held alerts are listed (the count is always complete). */
const MAX_HELD_ALERTS = 500;
const windowId = z.string().min(1).max(64);

export const maintenanceRouter = t.router({
  list: allow('tickets.read').query(({ ctx }): MaintenanceList => {
    const book = automationOf(ctx.rt.automation).maintenance;
    const nowMs = ctx.rt.clock.now();
    const mayWrite = ctx.user?.permissions.has('silences.write') ?? false;
    const windows: MaintenanceWindowView[] = [];
    for (const w of book.list()) {
      const reach = maintenanceReach(w.matchers, ctx.scope, book.allSites);
      if (reach === 'outside') continue;
      const coverage = book.sitesIn(w);
      windows.push({
        window: w, active: book.occurrenceAt(w, nowMs), upcoming: book.upcomingOf(w, nowMs),
        coverage: { fleetWide: coverage.fleetWide, siteIds: coverage.siteIds.filter((id) => ctx.scope.hasSite(id)) },
        editable: mayWrite && (ctx.scope.unrestricted || reach === 'inside'),
      });
    }
    return { nowMs, horizonMs: MAINTENANCE_LIMITS.horizonMs, windows };
  }),

  /** Pending and firing alerts of the user's sites that a window holds now: kept visible, no ticket, no runbook. */
  alerts: allow('tickets.read').query(({ ctx }): MaintenanceHeldAlerts => {
    const a = automationOf(ctx.rt.automation);
    const nowMs = ctx.rt.clock.now();
    // The runbook of the rule that raised each alert, as the engine evaluates it.
    const rules = new Map(a.rules.engine.rules.map((r) => [r.id, r]));
    const held: MaintenanceHeldAlert[] = [];
    for (const alert of a.rules.engine.alerts) {
      if (!ctx.scope.hasSite(alert.siteId)) continue;
      // The same question the heal loop asks before opening a ticket: these labels, the runbook their rule would run.
      const m = a.maintenance.matching(alert.labels, rules.get(alert.ruleId)?.action?.runbook ?? null, nowMs);
      if (!m) continue;
      held.push({
        ruleId: alert.ruleId, siteId: alert.siteId, siteName: alert.labels.site_name ?? '', phase: alert.phase, activeSinceMs: alert.activeSinceMs,
        holds: a.maintenance.get(m.id)?.matchers.runbook !== undefined ? 'runbook' : 'alert', windowId: m.id, windowName: m.name, endsMs: m.endsMs,
      });
    }
    held.sort((x, y) => (x.phase === y.phase ? 0 : x.phase === 'firing' ? -1 : 1) || x.activeSinceMs - y.activeSinceMs || x.siteId - y.siteId);
    const byWindow: Record<string, number> = {};
    for (const h of held) byWindow[h.windowId] = (byWindow[h.windowId] ?? 0) + 1;
    return { nowMs, total: held.length, byWindow, alerts: held.slice(0, MAX_HELD_ALERTS) };
  }),

  /** Creates (id null) or replaces a window; invalid fields come back as problems naming the field, not as an error. */
  save: allow('silences.write').input(maintenanceInputSchema).mutation(async ({ ctx, input }) => {
    const book = automationOf(ctx.rt.automation).maintenance;
    const before = input.id === null ? null : editable(ctx, book, input.id);
    if (!ctx.scope.unrestricted) {
      // Only known matcher keys pin a window; unknown ones are reported by validation, so check the scope after it.
      const v = book.validate(input, ctx.rt.clock.now());
      if (!v.ok) return v;
      assertInScope(v.value.matchers, ctx.scope, book);
    }
    const r = await book.save(input, actorOf(ctx).username);
    if (r.ok) await recordAudit(ctx, 'maintenance.saved', `maintenance ${r.window.id}`, before, r.window);
    return r;
  }),

  remove: allow('silences.write').input(z.object({ id: windowId }).strict()).mutation(async ({ ctx, input }) => {
    const book = automationOf(ctx.rt.automation).maintenance;
    const before = editable(ctx, book, input.id);
    const r = await book.remove(input.id);
    if (r) await recordAudit(ctx, 'maintenance.removed', `maintenance ${input.id}`, before, null);
    return r;
  }),

  setEnabled: allow('silences.write').input(z.object({ id: windowId, enabled: z.boolean() }).strict()).mutation(async ({ ctx, input }) => {
    const book = automationOf(ctx.rt.automation).maintenance;
    const before = editable(ctx, book, input.id);
    const r = await book.setEnabled(input.id, input.enabled, actorOf(ctx).username);
    await recordAudit(ctx, 'maintenance.enabled', `maintenance ${input.id}`, { enabled: before.enabled }, { enabled: input.enabled });
    return r;
  }),
});
