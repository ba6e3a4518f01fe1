// tRPC procedures of ingest: producers push events; operators read the pipeline's status and the dead letters.
import { z } from 'zod';
import { FACT_TABLES } from '../../schema/tables.js';
import { allow, t } from './trpc.js';

const MAX_EVENTS_PER_CALL = 10_000;

/** The integer site_id of a dead letter's raw event JSON, or null (not JSON, truncated, or no such field). */
function siteOfRawEvent(raw: string): number | null {
  try {
    const v = (JSON.parse(raw) as { site_id?: unknown } | null)?.site_id;
    return typeof v === 'number' && Number.isSafeInteger(v) ? v : null;
  } catch { return null; }
}

export const ingestRouter = t.router({
  status: allow('status.read').query(({ ctx }) => ctx.rt.status.report(ctx.hub.stats())),

  deadLetters: allow('deadLetters.read')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict().optional())
    .query(({ ctx, input }) => {
      const limit = input?.limit ?? 50;
      if (ctx.scope.unrestricted) return ctx.rt.deadLetters.recent(limit);
      // With a data scope: only rejected events that name a site in it (one that names none could be anyone's).
      return ctx.rt.deadLetters.recent(Number.MAX_SAFE_INTEGER).filter((d) => {
        const site = siteOfRawEvent(d.raw);
        return site !== null && ctx.scope.hasSite(site);
      }).slice(0, limit);
    }),

  /**
   * Producers (and tests) push raw events; each is validated and dead-lettered with a reason if bad. The answer
   * comes once the accepted ones are durable (write-ahead log, fsynced): "accepted" survives kill -9.
   */
  ingest: allow('ingest.write')
    .input(z.object({
      table: z.enum(FACT_TABLES),
      events: z.array(z.unknown()).max(MAX_EVENTS_PER_CALL),
      source: z.string().min(1).max(64).default('api'),
    }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.rt.durableIngest.ingest(input.table, input.events, input.source);
      return { accepted: r.accepted, rejected: r.rejected, duplicates: r.duplicates, seq: r.chunk?.seq ?? null };
    }),
});
