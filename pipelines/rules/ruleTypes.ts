// Rule definitions (what a YAML rule file holds) and their compiled form used by the engine.
import type { AutonomyLevel } from '../../schema/autonomy.js';
import type { Runbook } from '../../schema/faultCatalog.js';
import type { Severity } from '../../schema/tables.js';
import type { Compiled } from './ruleExpr.js';

/** Labels every alert carries from its subject site; group_by and action params may use them. */
export const SUBJECT_LABELS = ['site_id', 'site_name', 'transport_node_id', 'region', 'province', 'tech'] as const;
export type SubjectLabel = (typeof SUBJECT_LABELS)[number];

export interface RuleAction { runbook: Runbook; params: Record<string, string> }
export interface RuleVerify { when: string; forMs: number; withinMs: number }

export interface RuleDef {
  id: string;
  description: string;
  severity: Severity;
  /** Condition over detector outputs (ruleExpr language), evaluated per site every tick. */
  when: string;
  /** How long `when` must hold before the alert fires. */
  forMs: number;
  /** ... and on at least this many fresh samples (minutes without a sample are no evidence either way). */
  forSamples: number;
  /** A firing alert stays firing this long after `when` stops holding (damps flapping). */
  keepFiringForMs: number;
  labels: Record<string, string>;
  /** Alerts of this rule with equal values of these labels share one ticket (default: site_id). */
  groupBy: SubjectLabel[];
  /** Higher wins when several alerts of one ticket carry a runbook. */
  priority: number;
  action: RuleAction | null;
  verify: RuleVerify | null;
  /** After a ticket of this group resolves, no new ticket for it until this much time has passed. */
  cooldownMs: number;
  enabled: boolean;
  /** How far automation may go on its own for this rule (the runbook's ceiling and the global brake may lower it). */
  autonomy: AutonomyLevel;
}

export interface CompiledRule extends RuleDef {
  cond: Compiled;
  verifyCond: Compiled | null;
  /** `when` reads has_data or stale_minutes, so it is judged on minutes without a sample too (a feed that stopped). */
  judgesMissingData: boolean;
  /** Nodes of `when` and `verify.when` together: what evaluating the rule for one site costs. */
  exprNodes: number;
  /** Where it came from: a file path, or 'api'. */
  source: string;
}

export interface RuleProblem {
  source: string;
  /** 1-based; 0 when unknown. */
  line: number;
  column: number;
  /** Dotted path of the offending field, e.g. 'verify.when'. */
  field: string;
  ruleId: string | null;
  message: string;
}

export function formatProblem(p: RuleProblem): string {
  return `${p.source}:${p.line}:${p.column} ${p.ruleId ? `rule '${p.ruleId}' ` : ''}${p.field ? `field '${p.field}': ` : ''}${p.message}`;
}
