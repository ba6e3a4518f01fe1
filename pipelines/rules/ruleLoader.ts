// Loads rule YAML with validation: every problem names file, line, column and field; a bad rule never stops the others.
import { readdir, readFile, stat } from 'node:fs/promises';
import { AUTONOMY_LEVELS, type AutonomyLevel } from '../../schema/autonomy.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import { SEVERITIES, type Severity } from '../../schema/tables.js';
import { RUNBOOKS, type Runbook } from '../../schema/faultCatalog.js';
import { SITE_FEATURES } from '../detect/siteFeatures.js';
import { compileExpression, EXPR_LIMITS, ExprError } from './ruleExpr.js';
import {
  SUBJECT_LABELS, type CompiledRule, type RuleDef, type RuleProblem, type SubjectLabel,
} from './ruleTypes.js';

/** The shipped rule set (pipelines/rules/default/*.yaml). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('./default', import.meta.url));

/**
 * How much rule text the server takes in: every rule in force is evaluated for every site every minute, so the
 * number of rules is capped as well as each file (expression limits: EXPR_LIMITS in ruleExpr.ts).
 */
export const RULE_LIMITS = {
  /** Bytes of one rule file (or of the YAML saved or dry-run through the API). */
  maxFileBytes: 256 * 1024,
  maxRulesPerFile: 100,
  /** Rule files and rules saved through the API together. */
  maxRulesInForce: 200,
  /** Expression nodes of all the rules of one dry-run (each replayed minute evaluates them for every site). */
  maxDryRunNodes: 1024,
  /** Every alert and ticket of a rule carries its labels and action params: few and short. */
  maxLabels: 16,
  maxParams: 16,
  maxValueChars: 256,
  maxDescriptionChars: 2000,
  expr: EXPR_LIMITS,
} as const;

const ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const KNOWN_KEYS = new Set(['id', 'description', 'severity', 'when', 'for', 'for_samples', 'keep_firing_for', 'labels', 'group_by', 'priority', 'action', 'verify', 'cooldown', 'enabled', 'autonomy']);

/** '90s', '2m', '1h', '500ms' or a number of seconds -> ms; null when malformed. */
export function parseDuration(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * 1000;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(v);
  if (!m) return null;
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * mult);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export interface LoadResult { rules: CompiledRule[]; problems: RuleProblem[] }

/** Parses one YAML text: a rule mapping, a list of rules, `rules: [...]`, or several documents. */
export function parseRulesYaml(text: string, source: string): LoadResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > RULE_LIMITS.maxFileBytes) return { rules: [], problems: [fileTooLarge(source, bytes)] };
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const rules: CompiledRule[] = [];
  const problems: RuleProblem[] = [];
  const pos = (offset: number | undefined) => (offset === undefined ? { line: 0, column: 0 } : (({ line, col }) => ({ line, column: col }))(lc.linePos(offset)));
  const docList = Array.isArray(docs) ? docs : [docs];
  let itemCount = 0;
  for (const doc of docList) {
    if (doc.errors.length) {
      for (const e of doc.errors) problems.push({ source, ...pos(e.pos[0]), field: '', ruleId: null, message: `YAML syntax: ${e.message.split('\n')[0]}` });
      continue;
    }
    let items: Node[] = [];
    const c = doc.contents;
    if (c === null) continue;
    if (isMap(c) && c.has('rules')) {
      const r = c.get('rules', true);
      if (isSeq(r)) items = r.items as Node[];
      else { problems.push({ source, ...pos(c.range?.[0]), field: 'rules', ruleId: null, message: 'must be a list of rules' }); continue; }
    } else if (isSeq(c)) items = c.items as Node[];
    else items = [c as Node];
    const seen = new Set<string>();
    for (const item of items) {
      if (++itemCount > RULE_LIMITS.maxRulesPerFile) {
        problems.push({ source, ...pos(item.range?.[0]), field: '', ruleId: null,
          message: `more than ${RULE_LIMITS.maxRulesPerFile} rules in one file: this rule and the ones after it are ignored; split the file` });
        break;
      }
      const r = ruleFromNode(item, source, pos);
      if ('problems' in r) { problems.push(...r.problems); continue; }
      if (seen.has(r.rule.id)) {
        problems.push({ source, ...pos(item.range?.[0]), field: 'id', ruleId: r.rule.id, message: 'duplicate rule id in this file' });
        continue;
      }
      seen.add(r.rule.id);
      rules.push(r.rule);
    }
  }
  return { rules, problems };
}

function fileTooLarge(source: string, bytes: number): RuleProblem {
  return { source, line: 1, column: 1, field: '', ruleId: null,
    message: `rule file is ${bytes} bytes; the limit is ${RULE_LIMITS.maxFileBytes} bytes: split it into several files` };
}

type PosFn = (offset: number | undefined) => { line: number; column: number };

function ruleFromNode(node: Node, source: string, pos: PosFn): { rule: CompiledRule } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  if (!isMap(node)) return { problems: [{ source, ...pos(node.range?.[0]), field: '', ruleId: null, message: 'a rule must be a mapping (key: value)' }] };
  const map = node as YAMLMap;
  const idNode = map.get('id', true) as Node | undefined;
  const ruleId = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : null;
  const fieldNode = (p: string[]): Node | undefined => {
    let cur: Node | undefined = map;
    for (const k of p) cur = isMap(cur) ? (cur.get(k, true) as Node | undefined) : undefined;
    return cur;
  };
  const bad = (field: string, message: string, offsetWithin = 0) => {
    const n = fieldNode(field.split('.'));
    const start = n?.range?.[0] ?? map.range?.[0];
    problems.push({ source, ...pos(start === undefined ? undefined : start + offsetWithin), field, ruleId, message });
  };
  const js = map.toJSON() as Record<string, unknown>;
  for (const k of Object.keys(js)) if (!KNOWN_KEYS.has(k)) bad(k, `unknown field (known: ${[...KNOWN_KEYS].join(', ')})`);

  if (ruleId === null || !ID_RE.test(ruleId)) bad('id', 'required: lower-case letters, digits, - and _ (max 64)');
  const description = js.description === undefined ? '' : js.description;
  if (typeof description !== 'string') bad('description', 'must be text');
  else if (description.length > RULE_LIMITS.maxDescriptionChars) bad('description', `is ${description.length} characters long; the limit is ${RULE_LIMITS.maxDescriptionChars}`);
  const severity = js.severity ?? 'major';
  if (!SEVERITIES.includes(severity as Severity)) bad('severity', `must be one of ${SEVERITIES.join(', ')}`);

  const env = { features: SITE_FEATURES };
  // Offsets inside a quoted scalar are shifted by the opening quote.
  const quoteShift = (n: Node | undefined) => (isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') ? 1 : 0);
  let exprNodes = 0;
  const compileAt = (field: string, src: unknown) => {
    if (typeof src !== 'string' || !src.trim()) { bad(field, 'required: a condition, e.g. "latency_z > 4 and time_to_breach_min < 30"'); return null; }
    try {
      const c = compileExpression(src, env);
      exprNodes += c.nodes;
      return c.fn;
    } catch (e) {
      if (e instanceof ExprError) { bad(field, `${e.message} (at character ${e.offset + 1})`, quoteShift(fieldNode(field.split('.'))) + e.offset); return null; }
      throw e;
    }
  };
  const cond = compileAt('when', js.when);
  const dur = (field: string, v: unknown, dflt: number) => {
    if (v === undefined) return dflt;
    const ms = parseDuration(v);
    if (ms === null) { bad(field, "must be a duration like '90s', '5m', '1h'"); return dflt; }
    return ms;
  };
  const forMs = dur('for', js.for, 0);
  // Evidence in samples as well as minutes: by default one sample per minute of `for` (and the first), so a single
  // outlying reading, or a value held between sparse samples, never fires a rule alone.
  let forSamples = defaultForSamples(forMs);
  if (js.for_samples !== undefined) {
    if (typeof js.for_samples !== 'number' || !Number.isInteger(js.for_samples) || js.for_samples < 1 || js.for_samples > 1440) bad('for_samples', 'must be a whole number of samples from 1 to 1440');
    else forSamples = js.for_samples;
  }
  const keepFiringForMs = dur('keep_firing_for', js.keep_firing_for, 0);
  const cooldownMs = dur('cooldown', js.cooldown, 30 * 60_000);

  const labels: Record<string, string> = {};
  if (js.labels !== undefined) {
    if (typeof js.labels !== 'object' || js.labels === null || Array.isArray(js.labels)) bad('labels', 'must be a mapping of label: value');
    else if (Object.keys(js.labels).length > RULE_LIMITS.maxLabels) bad('labels', `at most ${RULE_LIMITS.maxLabels} labels`);
    else for (const [k, v] of Object.entries(js.labels)) {
      if (!/^[a-z_][a-z0-9_]*$/.test(k)) bad(`labels.${k}`, 'label names are lower_snake_case');
      else if ((SUBJECT_LABELS as readonly string[]).includes(k)) bad(`labels.${k}`, 'is set from the site; choose another name');
      else if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') bad(`labels.${k}`, 'must be a scalar');
      else if (String(v).length > RULE_LIMITS.maxValueChars) bad(`labels.${k}`, `is longer than ${RULE_LIMITS.maxValueChars} characters`);
      else labels[k] = String(v);
    }
  }
  let groupBy: SubjectLabel[] = ['site_id'];
  if (js.group_by !== undefined) {
    if (!Array.isArray(js.group_by) || js.group_by.length === 0 || !js.group_by.every((g) => (SUBJECT_LABELS as readonly string[]).includes(String(g)))) {
      bad('group_by', `must be a non-empty list of ${SUBJECT_LABELS.join(', ')}`);
    } else groupBy = js.group_by as SubjectLabel[];
  }
  const priority = js.priority ?? 0;
  if (typeof priority !== 'number' || !Number.isFinite(priority)) bad('priority', 'must be a number');

  let action: RuleDef['action'] = null;
  if (js.action !== undefined && js.action !== null) {
    const a = js.action as Record<string, unknown>;
    if (typeof a !== 'object' || Array.isArray(a)) bad('action', 'must be a mapping with runbook and params');
    else if (!RUNBOOKS.includes(a.runbook as Runbook)) bad('action.runbook', `must be one of ${RUNBOOKS.join(', ')}`);
    else {
      const params: Record<string, string> = {};
      if (a.params !== undefined) {
        if (typeof a.params !== 'object' || a.params === null || Array.isArray(a.params)) bad('action.params', 'must be a mapping');
        else if (Object.keys(a.params).length > RULE_LIMITS.maxParams) bad('action.params', `at most ${RULE_LIMITS.maxParams} params`);
        else for (const [k, v] of Object.entries(a.params)) {
          const s = String(v);
          if (s.length > RULE_LIMITS.maxValueChars) { bad(`action.params.${k}`, `is longer than ${RULE_LIMITS.maxValueChars} characters`); continue; }
          for (const m of s.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)) {
            if (!(SUBJECT_LABELS as readonly string[]).includes(m[1]!) && !(m[1]! in labels)) bad(`action.params.${k}`, `unknown label {{${m[1]}}}`);
          }
          params[k] = s;
        }
      }
      for (const k of Object.keys(a)) if (k !== 'runbook' && k !== 'params') bad(`action.${k}`, 'unknown field (runbook, params)');
      action = { runbook: a.runbook as Runbook, params };
    }
  }
  let verify: RuleDef['verify'] = null;
  let verifyCond = null;
  if (js.verify !== undefined && js.verify !== null) {
    const v = js.verify as Record<string, unknown>;
    if (typeof v !== 'object' || Array.isArray(v)) bad('verify', 'must be a mapping with when, for, within');
    else {
      verifyCond = compileAt('verify.when', v.when);
      const vFor = dur('verify.for', v.for, 5 * 60_000);
      const within = dur('verify.within', v.within, 30 * 60_000);
      if (within <= vFor) bad('verify.within', 'must be longer than verify.for');
      verify = { when: String(v.when ?? ''), forMs: vFor, withinMs: within };
    }
  }
  if (action && action.runbook !== 'notify' && !verify) bad('verify', 'a rule with a remediation runbook needs verify (the condition proving recovery)');
  const enabled = js.enabled ?? true;
  if (typeof enabled !== 'boolean') bad('enabled', 'must be true or false');
  // Rules act on their own unless the file says otherwise (the runbook's ceiling and the brake can still hold them back).
  const autonomy = js.autonomy ?? 'auto';
  if (!(AUTONOMY_LEVELS as readonly unknown[]).includes(autonomy)) bad('autonomy', `must be one of ${AUTONOMY_LEVELS.join(', ')}`);

  if (problems.length || !cond) return { problems };
  return {
    rule: {
      id: ruleId!, description: description as string, severity: severity as Severity, when: String(js.when), forMs, forSamples, keepFiringForMs,
      labels, groupBy, priority: priority as number, action, verify, cooldownMs, enabled: enabled as boolean, autonomy: autonomy as AutonomyLevel,
      cond, verifyCond, exprNodes, source, judgesMissingData: /\b(has_data|stale_minutes)\b/.test(String(js.when)),
    },
  };
}

/** Loads every *.yaml / *.yml in a directory (sorted); problems are collected, never thrown. */
export async function loadRuleDir(dir: string): Promise<LoadResult> {
  const out: LoadResult = { rules: [], problems: [] };
  let files: string[];
  try { files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort(); } catch (e) {
    out.problems.push({ source: dir, line: 0, column: 0, field: '', ruleId: null, message: `cannot read rule directory: ${(e as Error).message}` });
    return out;
  }
  const ids = new Set<string>();
  for (const f of files) {
    const full = path.join(dir, f);
    // Checked before reading, so an oversized file is never loaded into memory.
    const bytes = (await stat(full)).size;
    if (bytes > RULE_LIMITS.maxFileBytes) { out.problems.push(fileTooLarge(full, bytes)); continue; }
    const r = parseRulesYaml(await readFile(full, 'utf8'), full);
    out.problems.push(...r.problems);
    for (const rule of r.rules) {
      if (ids.has(rule.id)) { out.problems.push({ source: full, line: 0, column: 0, field: 'id', ruleId: rule.id, message: 'rule id already defined in another file; ignored' }); continue; }
      if (ids.size >= RULE_LIMITS.maxRulesInForce) {
        out.problems.push(tooManyRules(full, rule.id));
        continue;
      }
      ids.add(rule.id);
      out.rules.push(rule);
    }
  }
  return out;
}

/** The problem of a rule that would exceed the number of rules in force. */
export function tooManyRules(source: string, ruleId: string): RuleProblem {
  return { source, line: 0, column: 0, field: 'id', ruleId,
    message: `at most ${RULE_LIMITS.maxRulesInForce} rules can be in force: this one is ignored; remove or merge rules first` };
}

/** Samples a rule needs by default: the first plus one per whole minute of `for` (what a 1-minute feed delivers). */
export function defaultForSamples(forMs: number): number {
  return Math.floor(forMs / 60_000) + 1;
}

/** The YAML text of a rule (for the editor and for persisting API-created rules). */
export function ruleToYaml(r: RuleDef): string {
  const lines = [`id: ${r.id}`];
  if (r.description) lines.push(`description: ${JSON.stringify(r.description)}`);
  lines.push(`severity: ${r.severity}`, `when: ${JSON.stringify(r.when)}`, `for: ${formatDuration(r.forMs)}`);
  if (r.forSamples !== defaultForSamples(r.forMs)) lines.push(`for_samples: ${r.forSamples}`);
  if (r.keepFiringForMs) lines.push(`keep_firing_for: ${formatDuration(r.keepFiringForMs)}`);
  if (Object.keys(r.labels).length) { lines.push('labels:'); for (const [k, v] of Object.entries(r.labels)) lines.push(`  ${k}: ${JSON.stringify(v)}`); }
  lines.push(`group_by: [${r.groupBy.join(', ')}]`);
  if (r.priority) lines.push(`priority: ${r.priority}`);
  if (r.action) {
    lines.push('action:', `  runbook: ${r.action.runbook}`);
    if (Object.keys(r.action.params).length) { lines.push('  params:'); for (const [k, v] of Object.entries(r.action.params)) lines.push(`    ${k}: ${JSON.stringify(v)}`); }
  }
  if (r.verify) lines.push('verify:', `  when: ${JSON.stringify(r.verify.when)}`, `  for: ${formatDuration(r.verify.forMs)}`, `  within: ${formatDuration(r.verify.withinMs)}`);
  lines.push(`cooldown: ${formatDuration(r.cooldownMs)}`, `enabled: ${r.enabled}`);
  if (r.autonomy !== 'auto') lines.push(`autonomy: ${r.autonomy}`);
  return lines.join('\n') + '\n';
}
