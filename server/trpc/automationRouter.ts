// tRPC procedures of the closed loop: tickets (list, detail, acknowledge, comment, resolve), rules (list, save, enable, dry-run), silences.
// A user with a data scope sees and acts on tickets, features, dry-run alerts and silences of sites in it only.
import { z } from 'zod';
import { TICKET_STATES } from '../../schema/automation.js';
import { AUTONOMY_LEVELS, VERDICTS } from '../../schema/autonomy.js';
import { RUNBOOKS } from '../../schema/faultCatalog.js';
import { effectiveLevel } from '../../pipelines/heal/autonomyGuards.js';
import { NotFoundError } from '../../schema/domainErrors.js';
import { SEVERITIES } from '../../schema/tables.js';
import { silenceReach } from '../automation/silenceBook.js';
import type { DataScope } from '../identity/dataScope.js';
import { actorOf, allow, recordAudit, t } from './trpc.js';
import { assertPinnedInside, automationOf } from './automationAccess.js';

/** A scoped user's silence must be pinned inside their scope. */
function assertSilenceInScope(matchers: Record<string, string>, scope: DataScope): void {
  assertPinnedInside(silenceReach(matchers, scope), matchers, 'silence', 'site_id, province or region');
}

const ticketId = z.number().int().positive();
const WEEK_MS = 7 * 86_400_000;
const ruleYaml = z.string().min(1).max(20_000);
/** An alert carries about ten labels; a silence never needs more matchers than that. */
const MAX_SILENCE_MATCHERS = 16;

export const automationRouter = t.router({
  status: allow('tickets.read').query(({ ctx }) => automationOf(ctx.rt.automation).status()),

  tickets: allow('tickets.read')
    .input(z.object({
      states: z.array(z.enum(TICKET_STATES)).max(5).optional(),
      severities: z.array(z.enum(SEVERITIES)).max(4).optional(),
      siteId: z.number().int().nonnegative().optional(),
      ruleId: z.string().max(64).optional(),
      fromMs: z.number().int().optional(),
      toMs: z.number().int().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      sort: z.enum(['time', 'money']).default('time'),
    }).strict().optional())
    .query(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      return { nowMs: ctx.rt.clock.now(), tickets: await a.tickets.list(input ?? {}, ctx.scope), counts: await a.tickets.counts(ctx.scope) };
    }),

  ticket: allow('tickets.read').input(z.object({ ticketId }).strict())
    .query(({ ctx, input }) => automationOf(ctx.rt.automation).tickets.detail(input.ticketId, ctx.scope)),

  acknowledge: allow('tickets.act').input(z.object({ ticketId }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await automationOf(ctx.rt.automation).tickets.acknowledge(input.ticketId, actorOf(ctx).username, ctx.scope);
      await recordAudit(ctx, 'ticket.acknowledged', `ticket ${input.ticketId}`, null, { acknowledged: true });
      return r;
    }),

  comment: allow('tickets.act').input(z.object({ ticketId, text: z.string().trim().min(1).max(2000) }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await automationOf(ctx.rt.automation).tickets.comment(input.ticketId, actorOf(ctx).username, input.text, ctx.scope);
      await recordAudit(ctx, 'ticket.commented', `ticket ${input.ticketId}`, null, { text: input.text });
      return r;
    }),

  resolve: allow('tickets.act').input(z.object({ ticketId, reason: z.string().trim().max(2000).default('') }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      // The stored row is enough for the audit's before-state (the detail would also build the KPI chart).
      const before = (await a.tickets.visible(input.ticketId, ctx.scope)).state;
      const r = await a.tickets.resolve(input.ticketId, actorOf(ctx).username, input.reason, ctx.scope);
      await recordAudit(ctx, 'ticket.resolved', `ticket ${input.ticketId}`, { state: before }, { state: 'resolved', reason: input.reason });
      return r;
    }),

  /** Runs the runbook a `suggest` rule proposed for the ticket (the approval goes into its timeline). */
  approve: allow('tickets.act').input(z.object({ ticketId, note: z.string().trim().max(2000).default('') }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await automationOf(ctx.rt.automation).tickets.approve(input.ticketId, actorOf(ctx).username, input.note, ctx.scope);
      await recordAudit(ctx, 'ticket.approved', `ticket ${input.ticketId}`, { proposal: 'pending' }, { proposal: r.proposal, state: r.state, note: input.note });
      return r;
    }),

  reject: allow('tickets.act').input(z.object({ ticketId, note: z.string().trim().max(2000).default('') }).strict())
    .mutation(async ({ ctx, input }) => {
      const r = await automationOf(ctx.rt.automation).tickets.reject(input.ticketId, actorOf(ctx).username, input.note, ctx.scope);
      await recordAudit(ctx, 'ticket.rejected', `ticket ${input.ticketId}`, { proposal: 'pending' }, { proposal: r.proposal, state: r.state, note: input.note });
      return r;
    }),

  /** Whether a ticket was about a real problem (the ledger counts true and false tickets). */
  setVerdict: allow('tickets.act').input(z.object({ ticketId, verdict: z.enum(VERDICTS), note: z.string().trim().max(2000).default('') }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const before = (await a.tickets.visible(input.ticketId, ctx.scope)).verdict;
      const r = await a.tickets.setVerdict(input.ticketId, input.verdict, actorOf(ctx).username, input.note, ctx.scope);
      await recordAudit(ctx, 'ticket.verdict', `ticket ${input.ticketId}`, { verdict: before }, { verdict: input.verdict, note: input.note });
      return r;
    }),

  /** The autonomy policy in force, each rule's effective level, and this week's mix and ledger. */
  autonomy: allow('tickets.read').input(z.object({ fromMs: z.number().int().optional(), toMs: z.number().int().optional() }).strict()
    .refine((w) => w.fromMs === undefined || w.toMs === undefined || w.fromMs < w.toMs, { message: 'fromMs must be before toMs' }).optional())
    .query(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const toMs = input?.toMs ?? ctx.rt.clock.now();
      const fromMs = input?.fromMs ?? toMs - WEEK_MS;
      const view = a.autonomy.view();
      const rules = [...a.rules.byId().values()].map((r) => {
        const runbook = r.action?.runbook ?? null;
        const eff = runbook && runbook !== 'notify' ? effectiveLevel(view.policy, r, runbook) : null;
        return { id: r.id, runbook, fileLevel: r.autonomy, override: view.overrides.rules[r.id] ?? null, effective: eff?.level ?? null, why: eff?.why ?? 'no runbook: tickets only' };
      });
      return { nowMs: ctx.rt.clock.now(), settings: view, rules, runbooks: RUNBOOKS.filter((x) => x !== 'notify'), ...(await a.autonomyReport(fromMs, toMs, ctx.scope)) };
    }),

  /** An automation admin sets a rule's level or a runbook's ceiling (level null: back to the files). */
  setAutonomy: allow('autonomy.write').input(z.object({
    target: z.enum(['rule', 'runbook']), id: z.string().min(1).max(64), level: z.enum(AUTONOMY_LEVELS).nullable(),
  }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const view = a.autonomy.view();
      if (input.target === 'rule' && !a.rules.byId().has(input.id)) throw new NotFoundError(`no rule '${input.id}'`);
      if (input.target === 'runbook' && !(RUNBOOKS as readonly string[]).includes(input.id)) throw new NotFoundError(`no runbook '${input.id}'`);
      const before = input.target === 'rule' ? view.overrides.rules[input.id] ?? null : view.overrides.runbooks[input.id] ?? null;
      const user = actorOf(ctx).username;
      if (input.target === 'rule') await a.autonomy.setRuleLevel(input.id, input.level, user); else await a.autonomy.setRunbookLevel(input.id, input.level, user);
      await recordAudit(ctx, 'autonomy.level', `${input.target} ${input.id}`, { level: before }, { level: input.level });
      return a.autonomy.view();
    }),

  /** The global brake: every rule drops to `suggest` at most, with one click. */
  setBrake: allow('autonomy.write').input(z.object({ on: z.boolean(), reason: z.string().trim().max(500).default('') }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const before = a.autonomy.view().policy.brake;
      await a.autonomy.setBrake(input.on, input.reason, actorOf(ctx).username);
      await recordAudit(ctx, 'autonomy.brake', 'global brake', before, a.autonomy.view().policy.brake);
      return a.autonomy.view();
    }),

  setBlocklist: allow('autonomy.write').input(z.object({
    siteIds: z.array(z.number().int().nonnegative()).max(10_000), transportNodeIds: z.array(z.number().int().nonnegative()).max(10_000),
  }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const before = a.autonomy.view().policy.blocklist;
      await a.autonomy.setBlocklist(input, actorOf(ctx).username);
      await recordAudit(ctx, 'autonomy.blocklist', 'automation blocklist', before, a.autonomy.view().policy.blocklist);
      return a.autonomy.view();
    }),

  rules: allow('tickets.read').query(({ ctx }) => {
    const a = automationOf(ctx.rt.automation);
    return { rules: a.rules.list(), problems: a.rules.problems };
  }),

  /** Creates (ruleId null) or edits a rule from YAML; invalid YAML comes back as problems with line and field, not an error. */
  saveRule: allow('rules.write').input(z.object({ yaml: ruleYaml, ruleId: z.string().max(64).nullable().default(null) }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const before = input.ruleId ? a.rules.list().find((r) => r.id === input.ruleId) ?? null : null;
      const r = await a.rules.save(input.yaml, actorOf(ctx).username, input.ruleId);
      if (r.ok) await recordAudit(ctx, 'rule.saved', `rule ${r.rule.id}`, before, r.rule);
      return r;
    }),

  setRuleEnabled: allow('rules.write').input(z.object({ ruleId: z.string().min(1).max(64), enabled: z.boolean() }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const before = a.rules.list().find((r) => r.id === input.ruleId)?.enabled ?? null;
      const r = await a.rules.setEnabled(input.ruleId, input.enabled, actorOf(ctx).username);
      await recordAudit(ctx, 'rule.enabled', `rule ${input.ruleId}`, { enabled: before }, { enabled: input.enabled });
      return r;
    }),

  dryRun: allow('rules.write').input(z.object({ yaml: ruleYaml, hours: z.number().min(0.25).max(24).default(24) }).strict())
    .mutation(({ ctx, input }) => automationOf(ctx.rt.automation).dryRun(input.yaml, input.hours, ctx.scope)),

  /** Silences that can mute the user's alerts: those inside their scope and the fleet-wide ones. */
  silences: allow('tickets.read').query(({ ctx }) =>
    automationOf(ctx.rt.automation).silences.list().filter((x) => silenceReach(x.matchers, ctx.scope) !== 'outside')),

  addSilence: allow('silences.write').input(z.object({
    matchers: z.record(z.string().regex(/^[a-z_]+$/).max(64), z.string().min(1).max(128))
      .refine((m) => Object.keys(m).length <= MAX_SILENCE_MATCHERS, { message: `at most ${MAX_SILENCE_MATCHERS} matchers per silence` }),
    durationMinutes: z.number().min(1).max(7 * 24 * 60),
    comment: z.string().max(500).default(''),
  }).strict())
    .mutation(async ({ ctx, input }) => {
      assertSilenceInScope(input.matchers, ctx.scope);
      const r = await automationOf(ctx.rt.automation).silences.add(input.matchers, input.durationMinutes * 60_000, actorOf(ctx).username, input.comment);
      await recordAudit(ctx, 'silence.added', `silence ${r.id}`, null, r);
      return r;
    }),

  expireSilence: allow('silences.write').input(z.object({ id: z.string().min(1).max(64) }).strict())
    .mutation(async ({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      const before = a.silences.list().find((x) => x.id === input.id) ?? null;
      // Outside the user's scope a silence is as unknown as a missing one.
      if (!ctx.scope.unrestricted && (!before || silenceReach(before.matchers, ctx.scope) !== 'inside')) return false;
      const r = await a.silences.expire(input.id);
      if (r) await recordAudit(ctx, 'silence.expired', `silence ${input.id}`, before, { expired: true });
      return r;
    }),

  siteFeatures: allow('tickets.read').input(z.object({ siteId: z.number().int().nonnegative() }).strict())
    .query(({ ctx, input }) => {
      const a = automationOf(ctx.rt.automation);
      if (!ctx.scope.hasSite(input.siteId)) throw new NotFoundError(`no site ${input.siteId}`);
      return a.loop.featuresOf(input.siteId);
    }),
});
