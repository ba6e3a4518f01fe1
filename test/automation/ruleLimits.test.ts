// Rule limits: expression length, nesting and size, file size, rules per file and rules in force come back as rule
// problems with file, line and column, never as a stack overflow or a minute of CPU.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_FEATURES } from '../../pipelines/detect/siteFeatures.js';
import { compileCondition, compileExpression, EXPR_LIMITS, ExprError } from '../../pipelines/rules/ruleExpr.js';
import { loadRuleDir, parseRulesYaml, RULE_LIMITS } from '../../pipelines/rules/ruleLoader.js';
import { feat } from './automationFixtures.js';

const env = { features: SITE_FEATURES };

function exprError(src: string, limits = EXPR_LIMITS): ExprError {
  try { compileCondition(src, env, limits); } catch (e) { if (e instanceof ExprError) return e; throw e; }
  throw new Error(`compiled: ${src.slice(0, 40)}`);
}

/** `n` rules named r<offset>..r<offset+n-1>, as a YAML list. */
function ruleList(n: number, offset = 0): string {
  return Array.from({ length: n }, (_, i) => `- id: r${offset + i}\n  when: "breaching"\n`).join('');
}

describe('rule expression limits', () => {
  it('9k nested parentheses in a rule are a problem with its position, not a stack overflow', () => {
    const text = `id: deep\nwhen: "${'('.repeat(9000)}latency_z > 4${')'.repeat(9000)}"\n`;
    const r = parseRulesYaml(text, 'deep.yaml');
    expect(r.rules).toEqual([]);
    expect(r.problems).toEqual([expect.objectContaining({
      source: 'deep.yaml', line: 2, field: 'when', ruleId: 'deep',
      message: expect.stringContaining(`the limit is ${EXPR_LIMITS.maxChars}`),
    })]);
    // Character 2,001 of the condition: after `when: "` (7 columns), column 2,008.
    expect(r.problems[0]!.column).toBe(7 + EXPR_LIMITS.maxChars + 1);
  });

  it('checks the nesting depth before recursing: even 100k parentheses without a length cap only give an ExprError', () => {
    const e = exprError(`${'('.repeat(100_000)}breaching${')'.repeat(100_000)}`, { ...EXPR_LIMITS, maxChars: Infinity });
    expect(e.message).toMatch(/nested more than 32 levels/);
    expect(e.offset).toBe(32);
    // Unary minus and function calls nest too.
    expect(exprError(`${'-'.repeat(40)}1 > 0`).offset).toBe(32);
    expect(exprError(`${'abs('.repeat(40)}1${')'.repeat(40)} > 0`).offset).toBe(4 * 32);
  });

  it('4,900 nested `!` is a problem; 40 nested `not` within the length cap is a depth problem at the 33rd', () => {
    const long = parseRulesYaml(`id: nots\nwhen: "${'!'.repeat(4900)}breaching"\n`, 'nots.yaml');
    expect(long.rules).toEqual([]);
    expect(long.problems.map((p) => p.message)).toEqual([expect.stringMatching(/4909 characters long; the limit is 2000/)]);
    const deep = parseRulesYaml(`id: nots\nwhen: "${'not '.repeat(40)}breaching"\n`, 'nots.yaml');
    expect(deep.problems).toEqual([expect.objectContaining({ line: 2, column: 7 + 4 * 32 + 1, message: expect.stringMatching(/nested more than 32 levels deep.*at character 129/) })]);
  });

  it('caps the operands and operators of one condition', () => {
    const wide = Array(100).fill('1 < 2').join(' || ');
    expect(wide.length).toBeLessThanOrEqual(EXPR_LIMITS.maxChars);
    expect(exprError(wide).message).toMatch(/more than 256 operands and operators/);
  });

  it('conditions within the limits compile, evaluate and report their size', () => {
    const at = compileExpression(`${'('.repeat(31)}latency_z > 4${')'.repeat(31)}`, env);
    expect(at.fn(feat({ site_id: 1, latency_z: 5 }))).toBe(true);
    expect(at.nodes).toBe(3);
    const nots = compileExpression(`${'not '.repeat(32)}breaching`, env);
    expect(nots.fn(feat({ site_id: 1, breaching: true }))).toBe(true);
    expect(nots.nodes).toBe(33);
  });
});

describe('rule file limits', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-rule-limits-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('a file over the size limit is a problem (and is not read), the other files still load', async () => {
    const sub = path.join(dir, 'size');
    await mkdir(sub);
    await writeFile(path.join(sub, 'a-big.yaml'), `# ${'x'.repeat(RULE_LIMITS.maxFileBytes)}\nid: big\nwhen: "breaching"\n`);
    await writeFile(path.join(sub, 'b-ok.yaml'), 'id: ok\nwhen: "breaching"\n');
    const r = await loadRuleDir(sub);
    expect(r.rules.map((x) => x.id)).toEqual(['ok']);
    expect(r.problems).toEqual([expect.objectContaining({
      source: path.join(sub, 'a-big.yaml'), line: 1, column: 1,
      message: expect.stringMatching(/rule file is \d+ bytes; the limit is 262144 bytes/),
    })]);
    // The same limit holds for YAML handed over by the editor.
    expect(parseRulesYaml(`# ${'x'.repeat(RULE_LIMITS.maxFileBytes)}\n`, 'editor').problems[0]!.message).toMatch(/the limit is 262144 bytes/);
  });

  it('more rules in one file than the limit: the first ones load, the rest is one problem at the first extra rule', () => {
    const r = parseRulesYaml(ruleList(RULE_LIMITS.maxRulesPerFile + 5), 'many.yaml');
    expect(r.rules).toHaveLength(RULE_LIMITS.maxRulesPerFile);
    expect(r.problems).toEqual([expect.objectContaining({ line: 2 * RULE_LIMITS.maxRulesPerFile + 1, column: 3, message: expect.stringMatching(/more than 100 rules in one file/) })]);
  });

  it('description, labels and action params are capped in number and length', () => {
    const labels = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${i}`, 'v']));
    const yaml = [
      'id: caps', 'when: "breaching"', `description: "${'d'.repeat(2001)}"`,
      `labels: ${JSON.stringify(labels)}`,
      'action:', '  runbook: notify', '  params:', `    channel: "${'c'.repeat(257)}"`,
    ].join('\n');
    const r = parseRulesYaml(yaml, 'caps.yaml');
    expect(r.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [3, 'description', 'is 2001 characters long; the limit is 2000'],
      [4, 'labels', 'at most 16 labels'],
      [8, 'action.params.channel', 'is longer than 256 characters'],
    ]);
  });

  it('rules beyond the number in force are problems naming the rule', async () => {
    const sub = path.join(dir, 'count');
    await mkdir(sub);
    const files = Math.ceil((RULE_LIMITS.maxRulesInForce + 3) / RULE_LIMITS.maxRulesPerFile);
    for (let f = 0; f < files; f++) {
      const n = Math.min(RULE_LIMITS.maxRulesPerFile, RULE_LIMITS.maxRulesInForce + 3 - f * RULE_LIMITS.maxRulesPerFile);
      await writeFile(path.join(sub, `${f}.yaml`), ruleList(n, f * RULE_LIMITS.maxRulesPerFile));
    }
    const r = await loadRuleDir(sub);
    expect(r.rules).toHaveLength(RULE_LIMITS.maxRulesInForce);
    expect(r.problems.map((p) => p.ruleId)).toEqual(['r200', 'r201', 'r202']);
    expect(r.problems[0]!.message).toMatch(/at most 200 rules can be in force/);
  });
});
