// tRPC procedures of administration: users, roles and scopes, API tokens, and the audit trail (admins only).
import { z } from 'zod';
import { AUDIT_ACTIONS, ROLES, passwordSchema, scopeSchema, usernameSchema } from '../../schema/access.js';
import { actorOf, allow, t } from './trpc.js';

const roles = z.array(z.enum(ROLES)).max(ROLES.length);
const username = usernameSchema;

export const auditFilterSchema = z.object({
  fromMs: z.number().int().nonnegative().optional(),
  toMs: z.number().int().nonnegative().optional(),
  actor: z.string().max(128).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
}).strict();

export const adminRouter = t.router({
  users: allow('users.admin').query(({ ctx }) => ctx.rt.identity.admin.users()),

  createUser: allow('users.admin').input(z.object({
    username, displayName: z.string().trim().max(128).default(''), password: passwordSchema, roles, scope: scopeSchema.nullable().default(null),
  }).strict()).mutation(({ ctx, input }) => ctx.rt.identity.admin.createUser(actorOf(ctx).username, input, ctx.ip)),

  updateUser: allow('users.admin').input(z.object({
    username, displayName: z.string().trim().min(1).max(128).optional(), roles: roles.optional(),
    scope: scopeSchema.nullable().optional(), disabled: z.boolean().optional(),
  }).strict()).mutation(({ ctx, input }) => ctx.rt.identity.admin.updateUser(actorOf(ctx).username, input, ctx.ip)),

  resetPassword: allow('users.admin').input(z.object({ username, password: passwordSchema }).strict())
    .mutation(({ ctx, input }) => ctx.rt.identity.admin.resetPassword(actorOf(ctx).username, input.username, input.password, ctx.ip)),

  unlockUser: allow('users.admin').input(z.object({ username }).strict())
    .mutation(({ ctx, input }) => ctx.rt.identity.admin.unlockUser(actorOf(ctx).username, input.username, ctx.ip)),

  tokens: allow('users.admin').input(z.object({ username: username.optional() }).strict().optional())
    .query(({ ctx, input }) => ctx.rt.identity.admin.tokens(input?.username)),

  /** The secret comes back once, here; only its hash is stored. */
  issueToken: allow('users.admin').input(z.object({
    username, label: z.string().trim().min(1).max(128), expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
  }).strict()).mutation(({ ctx, input }) => ctx.rt.identity.admin.issueToken(actorOf(ctx).username, input, ctx.ip)),

  revokeToken: allow('users.admin').input(z.object({ tokenId: z.string().regex(/^[0-9a-f]{16}$/) }).strict())
    .mutation(({ ctx, input }) => ctx.rt.identity.admin.revokeToken(actorOf(ctx).username, input.tokenId, ctx.ip)),

  /** Entries newest first, with the whole chain re-verified. */
  audit: allow('audit.read').input(auditFilterSchema.optional()).query(async ({ ctx, input }) => {
    const [entries, chain] = await Promise.all([ctx.rt.identity.audit.list(input ?? {}), ctx.rt.identity.audit.verify()]);
    return { entries, chain };
  }),
});
