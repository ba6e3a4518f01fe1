// tRPC procedures of ingest: producers push events; operators read the pipeline's status and the dead letters.
import { z } from 'zod';
import { FACT_TABLES } from '../../schema/tables.js';
import { t } from './trpc.js';

const MAX_EVENTS_PER_CALL = 10_000;

export const ingestRouter = t.router({
  status: t.procedure.query(({ ctx }) => ctx.rt.status.report(ctx.hub.stats())),

  deadLetters: t.procedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict().optional())
    .query(({ ctx, input }) => ctx.rt.deadLetters.recent(input?.limit ?? 50)),

  /** Producers (and tests) push raw events; each is validated and dead-lettered with a reason if bad. */
  ingest: t.procedure
    .input(z.object({
      table: z.enum(FACT_TABLES),
      events: z.array(z.unknown()).max(MAX_EVENTS_PER_CALL),
      source: z.string().min(1).max(64).default('api'),
    }).strict())
    .mutation(({ ctx, input }) => {
      const r = ctx.rt.ingest.ingest(input.table, input.events, input.source);
      return { accepted: r.accepted, rejected: r.rejected, duplicates: r.duplicates, seq: r.chunk?.seq ?? null };
    }),
});
