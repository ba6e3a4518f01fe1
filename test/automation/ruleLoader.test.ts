// Rule files: validation with line, column and field; a bad rule never stops the others; the shipped rules load clean.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RUNBOOKS } from '../../schema/faultCatalog.js';
import { describe, expect, it } from 'vitest';
import { SITE_FEATURES } from '../../pipelines/detect/siteFeatures.js';
import { compileCondition, ExprError } from '../../pipelines/rules/ruleExpr.js';
import { DEFAULT_RULES_DIR, loadRuleDir, parseDuration, parseRulesYaml, ruleToYaml } from '../../pipelines/rules/ruleLoader.js';
import { feat } from './automationFixtures.js';

const env = { features: SITE_FEATURES };

describe('rule expression language', () => {
  it('evaluates boolean logic, arithmetic, comparisons and functions', () => {
    const c = compileCondition("latency_z >= 4 and (tech == 'edge-DC' or loss_excess_pct / latency_excess_ms > 0.1) and not breaching", env);
    expect(c(feat({ site_id: 1, latency_z: 5, tech: 'edge-DC' }))).toBe(true);
    expect(c(feat({ site_id: 1, latency_z: 5, loss_excess_pct: 2, latency_excess_ms: 10 }))).toBe(true);
    expect(c(feat({ site_id: 1, latency_z: 5, loss_excess_pct: 0.5, latency_excess_ms: 10 }))).toBe(false);
    expect(c(feat({ site_id: 1, latency_z: 3, tech: 'edge-DC' }))).toBe(false);
    expect(compileCondition("alarm_open('BASEBAND')", env)(feat({ site_id: 1, alarm_causes: ['Baseband unit failure'] }))).toBe(true);
    expect(compileCondition('abs(-2) + max(1, 3) * 2 == 8', env)(feat({ site_id: 1 }))).toBe(true);
    // Division by zero is 0, not Infinity: a ratio rule never fires on an empty baseline.
    expect(compileCondition('loss_excess_pct / latency_excess_ms > 1', env)(feat({ site_id: 1, loss_excess_pct: 1, latency_excess_ms: 0 }))).toBe(false);
  });

  it.each([
    ['latency_zz > 4', "unknown feature 'latency_zz'", 0],
    ['latency_z > 4 and', 'unexpected end of expression', 17],
    ["tech > 'LTE'", "'>' needs numbers", 5],
    ['latency_z + 1', 'condition must be true/false', 0],
    ["latency_z == 'x'", 'cannot compare a number with a string', 10],
    ['alarm_open(3)', 'alarm_open() argument 1 needs a string', 11],
    ['latency_z > 4 )', "unexpected ')' after the expression", 14],
  ])('rejects %s with a positioned error', (src, msg, offset) => {
    let err: unknown;
    try { compileCondition(src, env); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ExprError);
    expect((err as ExprError).message).toContain(msg);
    expect((err as ExprError).offset).toBe(offset);
  });
});

describe('rule YAML loader', () => {
  it('reports each problem with line, column and field, and still loads the good rules of the file', () => {
    const text = [
      'rules:',
      '  - id: good-one',             // line 2
      '    when: "latency_z > 4"',
      '    for: 2m',
      '  - id: bad-when',             // line 5
      '    when: "latency_z > 4 and foo"',
      '  - id: bad-fields',           // line 7
      '    when: "latency_z > 4"',
      '    for: soon',                // line 9
      '    severity: huge',           // line 10
      '    action:',
      '      runbook: reboot_everything', // line 12
      '    colour: red',              // line 13
    ].join('\n');
    const r = parseRulesYaml(text, 'rules.yaml');
    expect(r.rules.map((x) => x.id)).toEqual(['good-one']);
    const got = r.problems.map((p) => `${p.line}:${p.column} ${p.ruleId} ${p.field}`);
    // The expression error points at the unknown name inside the quoted string (column of 'foo').
    expect(got).toContain('6:30 bad-when when');
    expect(got).toContain('9:10 bad-fields for');
    expect(got).toContain('10:15 bad-fields severity');
    expect(got).toContain('12:16 bad-fields action.runbook');
    expect(got).toContain('13:13 bad-fields colour');
    expect(r.problems.find((p) => p.field === 'when')!.message).toContain("unknown feature 'foo'");
  });

  it('reports YAML syntax errors with their line instead of throwing', () => {
    const r = parseRulesYaml('id: x\nwhen: "latency_z > 4\nfor: 2m\n', 'broken.yaml');
    expect(r.rules).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]!.message).toMatch(/^YAML syntax/);
    expect(r.problems[0]!.line).toBeGreaterThan(0);
  });

  it('requires verify for a remediation runbook, and a within longer than for', () => {
    const r = parseRulesYaml('id: x\nwhen: "latency_z > 4"\naction:\n  runbook: restart_baseband\n', 'a.yaml');
    expect(r.problems.map((p) => p.field)).toEqual(['verify']);
    const r2 = parseRulesYaml('id: x\nwhen: "latency_z > 4"\naction:\n  runbook: restart_baseband\nverify:\n  when: "latency_z < 3"\n  for: 10m\n  within: 5m\n', 'a.yaml');
    expect(r2.problems.map((p) => p.field)).toEqual(['verify.within']);
  });

  it('a bad file in a rule directory does not stop the other files; duplicate ids across files are reported', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-rules-'));
    try {
      await writeFile(path.join(dir, 'a.yaml'), 'id: one\nwhen: "latency_z > 4"\n');
      await writeFile(path.join(dir, 'b.yaml'), ': : :\n  - [\n');
      await writeFile(path.join(dir, 'c.yml'), 'id: one\nwhen: "latency_z > 5"\n---\nid: two\nwhen: "breaching"\n');
      await writeFile(path.join(dir, 'notes.txt'), 'not a rule');
      const r = await loadRuleDir(dir);
      expect(r.rules.map((x) => x.id)).toEqual(['one', 'two']);
      expect(r.problems.map((p) => path.basename(p.source))).toEqual(expect.arrayContaining(['b.yaml', 'c.yml']));
      expect(r.problems.find((p) => path.basename(p.source) === 'c.yml')!.message).toContain('already defined');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ships a default rule set that loads without problems and covers every fault kind with a runbook', async () => {
    const r = await loadRuleDir(DEFAULT_RULES_DIR);
    expect(r.problems).toEqual([]);
    // Every runbook of the fault catalog (and notify) is named by some default rule.
    expect(new Set(r.rules.map((x) => x.action?.runbook))).toEqual(new Set(RUNBOOKS));
  });

  it('round-trips a rule through ruleToYaml', async () => {
    const r = await loadRuleDir(DEFAULT_RULES_DIR);
    for (const rule of r.rules) {
      const back = parseRulesYaml(ruleToYaml(rule), 'x');
      expect(back.problems).toEqual([]);
      const { cond: _c, verifyCond: _v, source: _s, ...a } = rule;
      const { cond: _c2, verifyCond: _v2, source: _s2, ...b } = back.rules[0]!;
      expect(b).toEqual(a);
    }
  });

  it('parses durations', () => {
    expect([parseDuration('90s'), parseDuration('2m'), parseDuration('1.5h'), parseDuration(30), parseDuration('2 weeks')]).toEqual([90_000, 120_000, 5_400_000, 30_000, null]);
  });
});
