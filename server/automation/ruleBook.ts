// The rules in force: rule files merged with rules saved through the API, validated edits, and the engine that evaluates them.
import type { RuleProblemInfo, RuleSummary } from '../../schema/automation.js';
import type { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { RuleEngine } from '../../pipelines/rules/ruleEngine.js';
import { loadRuleDir, parseRulesYaml, RULE_LIMITS, ruleToYaml, tooManyRules } from '../../pipelines/rules/ruleLoader.js';
import type { CompiledRule } from '../../pipelines/rules/ruleTypes.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';

export type SaveRuleResult = { ok: true; rule: RuleSummary } | { ok: false; problems: RuleProblemInfo[] };

export class RuleBook {
  private rules = new Map<string, CompiledRule>();
  private ruleYaml = new Map<string, string>();
  /** Problems of the rule files and stored rules as last loaded. */
  problems: RuleProblemInfo[] = [];
  /** Evaluates the rules in force; its alert state survives edits. */
  readonly engine = new RuleEngine([]);

  constructor(private readonly rulesDir: string, private readonly store: TicketStore, private readonly now: () => number) {}

  /** Rules by id, as the heal loop reads them. */
  byId(): ReadonlyMap<string, CompiledRule> { return this.rules; }
  get size(): number { return this.rules.size; }

  /** Files first, then rules saved through the API (they override a file rule of the same id). */
  async reload(): Promise<void> {
    const files = await loadRuleDir(this.rulesDir);
    const problems: RuleProblemInfo[] = files.problems.map((p) => ({ ...p }));
    const merged = new Map(files.rules.map((r) => [r.id, r]));
    const yaml = new Map(files.rules.map((r) => [r.id, ruleToYaml(r)]));
    for (const s of await this.store.storedRules()) {
      const r = parseRulesYaml(s.yaml, `api:${s.ruleId}`);
      if (r.problems.length || r.rules.length !== 1) { problems.push(...r.problems); continue; }
      if (!merged.has(s.ruleId) && merged.size >= RULE_LIMITS.maxRulesInForce) { problems.push(tooManyRules(`api:${s.ruleId}`, s.ruleId)); continue; }
      merged.set(s.ruleId, r.rules[0]!);
      yaml.set(s.ruleId, s.yaml);
    }
    this.rules = merged;
    this.ruleYaml = yaml;
    this.problems = problems;
    this.engine.rules = [...merged.values()];
  }

  list(): RuleSummary[] {
    const alerts = this.engine.alerts;
    return [...this.rules.values()].map((r) => ({
      id: r.id, description: r.description, severity: r.severity, when: r.when, forMs: r.forMs, groupBy: r.groupBy,
      runbook: r.action?.runbook ?? null, enabled: r.enabled, source: r.source, yaml: this.ruleYaml.get(r.id) ?? ruleToYaml(r),
      pending: alerts.filter((a) => a.ruleId === r.id && a.phase === 'pending').length,
      firing: alerts.filter((a) => a.ruleId === r.id && a.phase === 'firing').length,
    }));
  }

  /** Validates YAML holding exactly one rule; on success it replaces (or adds) that rule, persisted in the state store. */
  async save(yamlText: string, user: string, expectId: string | null): Promise<SaveRuleResult> {
    const r = parseRulesYaml(yamlText, 'editor');
    if (r.problems.length) return { ok: false, problems: r.problems };
    if (r.rules.length !== 1) return { ok: false, problems: [{ source: 'editor', line: 1, column: 1, field: '', ruleId: null, message: `expected exactly one rule, got ${r.rules.length}` }] };
    const rule = r.rules[0]!;
    if (expectId !== null && rule.id !== expectId) return { ok: false, problems: [{ source: 'editor', line: 1, column: 1, field: 'id', ruleId: rule.id, message: `editing rule '${expectId}' but the YAML says '${rule.id}'` }] };
    if (!this.rules.has(rule.id) && this.rules.size >= RULE_LIMITS.maxRulesInForce) {
      return { ok: false, problems: [{ source: 'editor', line: 1, column: 1, field: 'id', ruleId: rule.id,
        message: `there are already ${this.rules.size} rules and at most ${RULE_LIMITS.maxRulesInForce} can be in force: edit an existing rule, or remove one from the rule files, instead of adding '${rule.id}'` }] };
    }
    await this.store.saveRule(rule.id, yamlText, this.now(), user);
    await this.reload();
    return { ok: true, rule: this.list().find((x) => x.id === rule.id)! };
  }

  async setEnabled(id: string, enabled: boolean, user: string): Promise<RuleSummary> {
    const rule = this.rules.get(id);
    if (!rule) throw new NotFoundError(`no rule '${id}'`);
    const r = await this.save(ruleToYaml({ ...rule, enabled }), user, id);
    if (!r.ok) throw new InvalidRequestError(r.problems.map((p) => p.message).join('; '));
    return r.rule;
  }
}
