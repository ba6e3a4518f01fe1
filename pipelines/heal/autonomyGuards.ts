// What the closed loop may do on its own: the effective autonomy level of a diagnosis, and the guards an action must
// pass (ONAP-style frequency limits per runbook and target, a blocklist). Pure: the heal loop supplies the history.
import { mostCautious, type AutonomyLevel, type AutonomyPolicy, type GuardDef } from '../../schema/autonomy.js';
import { FAULT_CATALOG, FAULT_KINDS } from '../../schema/faultCatalog.js';
import type { ActionRecord } from './ticketStore.js';

/** Every rule at its own level, no guard, no blocklist, brake off: what a loop without a policy runs with. */
export const OPEN_POLICY: AutonomyPolicy = {
  rules: {}, runbooks: {}, guards: [], blocklist: { siteIds: [], transportNodeIds: [] }, brake: { on: false, by: null, atMs: null, reason: '' },
};

export interface LevelDecision { level: AutonomyLevel; why: string }

/** The rule's level (file, or an admin's override), capped by its runbook's ceiling and by the global brake. */
export function effectiveLevel(policy: AutonomyPolicy, rule: { id: string; autonomy: AutonomyLevel }, runbook: string): LevelDecision {
  const ruleLevel = policy.rules[rule.id] ?? rule.autonomy;
  const runbookLevel = policy.runbooks[runbook] ?? null;
  const level = mostCautious(ruleLevel, runbookLevel, policy.brake.on ? 'suggest' : null);
  const why = [`rule ${rule.id}: ${ruleLevel}`];
  if (runbookLevel) why.push(`runbook ${runbook}: ${runbookLevel}`);
  if (policy.brake.on) why.push(`global brake on${policy.brake.by ? ` (${policy.brake.by})` : ''}: suggest at most`);
  return { level, why: why.join('; ') };
}

/** What one runbook run would touch. */
export interface PlannedAction { runbook: string; siteIds: readonly number[]; transportNodeId: number | null; atMs: number }

export type GuardDecision =
  | { ok: true }
  | { ok: false; guardId: string; reason: string; data: Record<string, unknown> };

/** Runbooks acting on a whole transport node (the rest act on the ticket's sites). */
const NODE_RUNBOOKS = new Set<string>(FAULT_KINDS.filter((k) => FAULT_CATALOG[k].target === 'transport_node').map((k) => FAULT_CATALOG[k].runbook));

function counts(g: GuardDef, a: PlannedAction, past: ActionRecord): boolean {
  if (past.atMs <= a.atMs - g.windowMs || past.atMs > a.atMs) return false;
  if (g.runbook !== '*' && past.runbook !== g.runbook) return false;
  switch (g.per) {
    case 'fleet': return true;
    case 'transport_node': return a.transportNodeId !== null && past.transportNodeId === a.transportNodeId;
    case 'site': return past.siteIds.some((s) => a.siteIds.includes(s));
  }
}

/**
 * The first guard that refuses the action, checked against the runbooks already run: the blocklist (a site or node
 * automation must never touch), then every frequency guard for the runbook (at most maxActions in the window per target).
 */
export function checkGuards(policy: AutonomyPolicy, a: PlannedAction, history: readonly ActionRecord[]): GuardDecision {
  const blockedNode = a.transportNodeId !== null && policy.blocklist.transportNodeIds.includes(a.transportNodeId);
  // A node runbook touches every site behind the node, but it is the node that is blocklisted or not.
  const blockedSite = NODE_RUNBOOKS.has(a.runbook) ? undefined : a.siteIds.find((s) => policy.blocklist.siteIds.includes(s));
  if (blockedNode || blockedSite !== undefined) {
    const what = blockedNode ? `transport node ${a.transportNodeId}` : `site ${blockedSite}`;
    return { ok: false, guardId: 'blocklist', reason: `${what} is on the automation blocklist: ${a.runbook} is never run there automatically`, data: { guard: 'blocklist', target: what } };
  }
  for (const g of policy.guards) {
    if (g.runbook !== '*' && g.runbook !== a.runbook) continue;
    if (g.per === 'transport_node' && a.transportNodeId === null) continue;
    const n = history.filter((p) => counts(g, a, p)).length;
    if (n >= g.maxActions) {
      const target = g.per === 'fleet' ? 'the fleet' : g.per === 'site' ? `site ${a.siteIds.join(', ')}` : `transport node ${a.transportNodeId}`;
      const what = g.runbook === '*' ? 'runbook runs' : `${g.runbook} runs`;
      return {
        ok: false, guardId: g.id,
        reason: `guard ${g.id}: ${n} ${what} on ${target} in the last ${Math.round(g.windowMs / 60_000)} min (at most ${g.maxActions})`,
        data: { guard: g.id, count: n, maxActions: g.maxActions, windowMs: g.windowMs, per: g.per, runbook: g.runbook },
      };
    }
  }
  return { ok: true };
}

/** The longest window any guard looks back over (how much action history the loop keeps). */
export function guardHorizonMs(policy: AutonomyPolicy): number {
  return policy.guards.reduce((m, g) => Math.max(m, g.windowMs), 0);
}
