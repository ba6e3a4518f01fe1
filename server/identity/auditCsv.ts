// The audit trail as CSV for admins (`GET /admin/audit.csv`, same filters as the admin page), newest first.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUTH_PATHS, type AuditEntry } from '../../schema/access.js';
import type { AuditTrail } from './auditTrail.js';

const querySchema = z.object({
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  actor: z.string().max(128).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
}).strict();

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const head = ['seq', 'time_utc', 'actor', 'action', 'target', 'before', 'after', 'ip', 'prev_hash', 'hash'];
  const lines = entries.map((e) => [e.seq, new Date(e.atMs).toISOString(), e.actor, e.action, e.target, e.before, e.after, e.ip, e.prevHash, e.hash].map(csvField).join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

export function registerAuditCsvRoute(app: FastifyInstance, audit: AuditTrail): void {
  app.get(AUTH_PATHS.auditCsv, { config: { permission: 'audit.read' } }, async (req, reply) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ error: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const entries = await audit.list({ fromMs: q.data.from, toMs: q.data.to, actor: q.data.actor, action: q.data.action, limit: 100_000 });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="opsdeck-audit-${new Date().toISOString().slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .send(auditCsv(entries));
  });
}
