// tRPC procedures of the closed loop: tickets (list, detail, acknowledge, comment, resolve), rules (list, save, enable, dry-run), silences.
// A user with a data scope sees and acts on tickets, features, dry-run alerts and silences of sites in it only.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { TICKET_STATES } from '../../schema/automation.js';
import { NotFoundError, UnavailableError } from '../../schema/domainErrors.js';
import { SEVERITIES } from '../../schema/tables.js';
import type { AutomationService } from '../automation/automationService.js';
import { silenceReach } from '../automation/silenceBook.js';
import type { DataScope } from '../identity/dataScope.js';
import { actorOf, allow, recordAudit, t } from './trpc.js';

function svc(a: AutomationService | null): AutomationService {
  if (!a) throw new UnavailableError('automation is off (OPSDECK_AUTOMATION=off)');
  return a;
}

/** A scoped user's silence must be pinned inside their scope: one on fleet-wide labels would mute other regions' alerts too. */
function assertSilenceInScope(matchers: Record<string, string>, scope: DataScope): void {
  const reach = silenceReach(matchers, scope);
  if (reach === 'inside') return;
  if (reach === 'outside' && matchers.site_id !== undefined) throw new NotFoundError(`no site ${matchers.site_id}`);
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: reach === 'outside' ? 'that silence matches alerts outside your data scope'
      : 'with a data scope, a silence must name a site_id, province or region inside it',
  });
}

const ticketId = z.number().int().positive();
const ruleYaml = z.string().min(1).max(20_000);
/** An alert carries about ten labels; a silence never needs more matchers than that. */
const MAX_SILENCE_MATCHERS = 16;

export const automationRouter = t.router({
  status: allow('tickets.read').query(({ ctx }) => svc(ctx.rt.automation).status()),

  tickets: allow('tickets.read')
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
      return { nowMs: ctx.rt.clock.now(), tickets: await a.tickets.list(input ?? {}, ctx.scope), counts: await a.tickets.counts(ctx.scope) };
    }),

  ticket: allow('tickets.read').input(z.object({ ticketId }).strict())
    .query(({ ctx, input }) => svc(ctx.rt.automation).tickets.detail(input.ticketId, ctx.scope)),

  acknowledge: allow('tickets.act').input(z.object({ ticketId }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await svc(ctx.rt.automation).tickets.acknowledge(input.ticketId, actorOf(ctx).username, ctx.scope);
      await recordAudit(ctx, 'ticket.acknowledged', `ticket ${input.ticketId}`, null, { acknowledged: true });
      return r;
    }),

  comment: allow('tickets.act').input(z.object({ ticketId, text: z.string().trim().min(1).max(2000) }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await svc(ctx.rt.automation).tickets.comment(input.ticketId, actorOf(ctx).username, input.text, ctx.scope);
      await recordAudit(ctx, 'ticket.commented', `ticket ${input.ticketId}`, null, { text: input.text });
      return r;
    }),

  resolve: allow('tickets.act').input(z.object({ ticketId, reason: z.string().trim().max(2000).default('') }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = svc(ctx.rt.automation);
      // The stored row is enough for the audit's before-state (the detail would also build the KPI chart).
      const before = (await a.tickets.visible(input.ticketId, ctx.scope)).state;
      const r = await a.tickets.resolve(input.ticketId, actorOf(ctx).username, input.reason, ctx.scope);
      await recordAudit(ctx, 'ticket.resolved', `ticket ${input.ticketId}`, { state: before }, { state: 'resolved', reason: input.reason });
      return r;
    }),

  rules: allow('tickets.read').query(({ ctx }) => {
    const a = svc(ctx.rt.automation);
    return { rules: a.rules.list(), problems: a.rules.problems };
  }),

  /** Creates (ruleId null) or edits a rule from YAML; invalid YAML comes back as problems with line and field, not an error. */
  saveRule: allow('rules.write').input(z.object({ yaml: ruleYaml, ruleId: z.string().max(64).nullable().default(null) }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = svc(ctx.rt.automation);
      const before = input.ruleId ? a.rules.list().find((r) => r.id === input.ruleId) ?? null : null;
      const r = await a.rules.save(input.yaml, actorOf(ctx).username, input.ruleId);
      if (r.ok) await recordAudit(ctx, 'rule.saved', `rule ${r.rule.id}`, before, r.rule);
      return r;
    }),

  setRuleEnabled: allow('rules.write').input(z.object({ ruleId: z.string().min(1).max(64), enabled: z.boolean() }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = svc(ctx.rt.automation);
      const before = a.rules.list().find((r) => r.id === input.ruleId)?.enabled ?? null;
      const r = await a.rules.setEnabled(input.ruleId, input.enabled, actorOf(ctx).username);
      await recordAudit(ctx, 'rule.enabled', `rule ${input.ruleId}`, { enabled: before }, { enabled: input.enabled });
      return r;
    }),

  dryRun: allow('rules.write').input(z.object({ yaml: ruleYaml, hours: z.number().min(0.25).max(24).default(24) }).strict())
    .mutation(({ ctx, input }) => svc(ctx.rt.automation).dryRun(input.yaml, input.hours, ctx.scope)),

  /** Silences that can mute the user's alerts: those inside their scope and the fleet-wide ones. */
  silences: allow('tickets.read').query(({ ctx }) =>
    svc(ctx.rt.automation).silences.list().filter((x) => silenceReach(x.matchers, ctx.scope) !== 'outside')),

  addSilence: allow('silences.write').input(z.object({
    matchers: z.record(z.string().regex(/^[a-z_]+$/).max(64), z.string().min(1).max(128))
      .refine((m) => Object.keys(m).length <= MAX_SILENCE_MATCHERS, { message: `at most ${MAX_SILENCE_MATCHERS} matchers per silence` }),
    durationMinutes: z.number().min(1).max(7 * 24 * 60),
    comment: z.string().max(500).default(''),
  }).strict())
    .mutation(async ({ ctx, input }) => {
      assertSilenceInScope(input.matchers, ctx.scope);
      const r = await svc(ctx.rt.automation).silences.add(input.matchers, input.durationMinutes * 60_000, actorOf(ctx).username, input.comment);
      await recordAudit(ctx, 'silence.added', `silence ${r.id}`, null, r);
      return r;
    }),

  expireSilence: allow('silences.write').input(z.object({ id: z.string().min(1).max(64) }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = svc(ctx.rt.automation);
      const before = a.silences.list().find((x) => x.id === input.id) ?? null;
      // Outside the user's scope a silence is as unknown as a missing one.
      if (!ctx.scope.unrestricted && (!before || silenceReach(before.matchers, ctx.scope) !== 'inside')) return false;
      const r = await a.silences.expire(input.id);
      if (r) await recordAudit(ctx, 'silence.expired', `silence ${input.id}`, before, { expired: true });
      return r;
    }),

  siteFeatures: allow('tickets.read').input(z.object({ siteId: z.number().int().nonnegative() }).strict())
    .query(({ ctx, input }) => {
      const a = svc(ctx.rt.automation);
      if (!ctx.scope.hasSite(input.siteId)) throw new NotFoundError(`no site ${input.siteId}`);
      return a.loop.featuresOf(input.siteId);
    }),
});
