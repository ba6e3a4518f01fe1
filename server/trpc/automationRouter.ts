// tRPC procedures of the closed loop: tickets (list, detail, acknowledge, comment, resolve), rules (list, save, enable, dry-run), silences.
import { z } from 'zod';
import { TICKET_STATES } from '../../schema/automation.js';
import { UnavailableError } from '../../schema/domainErrors.js';
import { SEVERITIES } from '../../schema/tables.js';
import type { AutomationService } from '../automation/automationService.js';
import { t } from './trpc.js';

function svc(a: AutomationService | null): AutomationService {
  if (!a) throw new UnavailableError('automation is off (OPSDECK_AUTOMATION=off)');
  return a;
}

const user = z.string().trim().min(1).max(64).regex(/^[\w.@ -]+$/, 'letters, digits and . @ - _ only');
const ticketId = z.number().int().positive();
const ruleYaml = z.string().min(1).max(20_000);

export const automationRouter = t.router({
  status: t.procedure.query(({ ctx }) => svc(ctx.rt.automation).status()),

  tickets: t.procedure
    .input(z.object({
      states: z.array(z.enum(TICKET_STATES)).max(5).optional(),
      severities: z.array(z.enum(SEVERITIES)).max(4).optional(),
      siteId: z.number().int().nonnegative().optional(),
      ruleId: z.string().max(64).optional(),
      fromMs: z.number().int().optional(),
      toMs: z.number().int().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }).strict().optional())
    .query(async ({ ctx, input }) => {
      const a = svc(ctx.rt.automation);
      return { nowMs: ctx.rt.clock.now(), tickets: await a.tickets.list(input ?? {}), counts: await a.tickets.counts() };
    }),

  ticket: t.procedure.input(z.object({ ticketId }).strict())
    .query(({ ctx, input }) => svc(ctx.rt.automation).tickets.detail(input.ticketId)),

  acknowledge: t.procedure.input(z.object({ ticketId, user }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).tickets.acknowledge(input.ticketId, input.user)),

  comment: t.procedure.input(z.object({ ticketId, user, text: z.string().trim().min(1).max(2000) }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).tickets.comment(input.ticketId, input.user, input.text)),

  resolve: t.procedure.input(z.object({ ticketId, user, reason: z.string().trim().max(2000).default('') }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).tickets.resolve(input.ticketId, input.user, input.reason)),

  rules: t.procedure.query(({ ctx }) => {
    const a = svc(ctx.rt.automation);
    return { rules: a.rules.list(), problems: a.rules.problems };
  }),

  /** Creates (ruleId null) or edits a rule from YAML; invalid YAML comes back as problems with line and field, not an error. */
  saveRule: t.procedure.input(z.object({ yaml: ruleYaml, ruleId: z.string().max(64).nullable().default(null), user }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).rules.save(input.yaml, input.user, input.ruleId)),

  setRuleEnabled: t.procedure.input(z.object({ ruleId: z.string().min(1).max(64), enabled: z.boolean(), user }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).rules.setEnabled(input.ruleId, input.enabled, input.user)),

  dryRun: t.procedure.input(z.object({ yaml: ruleYaml, hours: z.number().min(0.25).max(24).default(24) }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).dryRun(input.yaml, input.hours)),

  silences: t.procedure.query(({ ctx }) => svc(ctx.rt.automation).silences.list()),

  addSilence: t.procedure.input(z.object({
    matchers: z.record(z.string().regex(/^[a-z_]+$/), z.string().min(1).max(128)),
    durationMinutes: z.number().min(1).max(7 * 24 * 60),
    user, comment: z.string().max(500).default(''),
  }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).silences.add(input.matchers, input.durationMinutes * 60_000, input.user, input.comment)),

  expireSilence: t.procedure.input(z.object({ id: z.string().min(1).max(64) }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).silences.expire(input.id)),

  siteFeatures: t.procedure.input(z.object({ siteId: z.number().int().nonnegative() }).strict())
    .query(({ ctx, input }) => svc(ctx.rt.automation).loop.featuresOf(input.siteId)),
});
