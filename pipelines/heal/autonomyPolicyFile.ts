// Reads the autonomy policy file (runbook ceilings, guards, blocklist): every problem is reported with its field,
// never thrown; a file that does not parse leaves the loop braked (suggest at most) rather than unguarded.
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { AUTONOMY_LEVELS, GUARD_SCOPES, type AutonomyPolicy, type GuardDef } from '../../schema/autonomy.js';
import { RUNBOOKS } from '../../schema/faultCatalog.js';
import { parseDuration } from '../rules/ruleLoader.js';
import { MAX_GUARD_WINDOW_MS } from './healLoop.js';

export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('../rules/policy/autonomy.yaml', import.meta.url));

/** What the file holds (rule levels live in the rule files; the brake only in the store). */
export type PolicyFile = Pick<AutonomyPolicy, 'runbooks' | 'guards' | 'blocklist'>;
export interface PolicyProblem { source: string; field: string; message: string }

const runbookName = z.string().refine((r) => (RUNBOOKS as readonly string[]).includes(r), { message: `unknown runbook (known: ${RUNBOOKS.join(', ')})` });
const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null || ms <= 0 || ms > MAX_GUARD_WINDOW_MS) {
    ctx.addIssue({ code: 'custom', message: `must be a duration like '15m' or '1h', at most ${MAX_GUARD_WINDOW_MS / 3_600_000}h` });
    return z.NEVER;
  }
  return ms;
});
const ids = z.array(z.number().int().nonnegative()).max(10_000).default([]);

const fileSchema = z.object({
  runbooks: z.record(runbookName, z.enum(AUTONOMY_LEVELS)).default({}),
  guards: z.array(z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    runbook: z.union([z.literal('*'), runbookName]),
    per: z.enum(GUARD_SCOPES),
    max_actions: z.number().int().min(1).max(10_000),
    window: duration,
  }).strict()).max(100).default([]),
  blocklist: z.object({ sites: ids, transport_nodes: ids }).strict().default({ sites: [], transport_nodes: [] }),
}).strict();

export const EMPTY_POLICY_FILE: PolicyFile = { runbooks: {}, guards: [], blocklist: { siteIds: [], transportNodeIds: [] } };

export function parsePolicyYaml(text: string, source: string): { policy: PolicyFile | null; problems: PolicyProblem[] } {
  let raw: unknown;
  try { raw = parse(text) ?? {}; } catch (e) { return { policy: null, problems: [{ source, field: '', message: `not YAML: ${(e as Error).message}` }] }; }
  const r = fileSchema.safeParse(raw);
  if (!r.success) return { policy: null, problems: r.error.issues.map((i) => ({ source, field: i.path.join('.'), message: i.message })) };
  const seen = new Set<string>();
  const problems: PolicyProblem[] = [];
  const guards: GuardDef[] = [];
  r.data.guards.forEach((g, i) => {
    if (seen.has(g.id)) { problems.push({ source, field: `guards.${i}.id`, message: `guard id '${g.id}' used twice` }); return; }
    seen.add(g.id);
    guards.push({ id: g.id, runbook: g.runbook as GuardDef['runbook'], per: g.per, maxActions: g.max_actions, windowMs: g.window });
  });
  if (problems.length) return { policy: null, problems };
  return { policy: { runbooks: r.data.runbooks, guards, blocklist: { siteIds: r.data.blocklist.sites, transportNodeIds: r.data.blocklist.transport_nodes } }, problems };
}

export async function loadPolicyFile(file: string): Promise<{ policy: PolicyFile | null; problems: PolicyProblem[] }> {
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (e) {
    return { policy: null, problems: [{ source: file, field: '', message: `cannot read the autonomy policy: ${(e as Error).message}` }] };
  }
  return parsePolicyYaml(text, file);
}
