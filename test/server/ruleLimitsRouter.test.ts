// Rule limits on the paths people use: saving and dry-running a rule through tRPC answer with rule problems (line,
// column, message) instead of a 500 or a minute of CPU, and a rule beyond the number in force is refused.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { RULE_LIMITS } from '../../pipelines/rules/ruleLoader.js';
import { buildApp } from '../../server/app.js';
import { RuleBook } from '../../server/automation/ruleBook.js';
import { appRouter } from '../../server/trpc/appRouter.js';
import { t } from '../../server/trpc/trpc.js';
import { routerSuite } from './routerContext.js';

const createCaller = t.createCallerFactory(appRouter);
const deepParens = `id: deep\nwhen: "${'('.repeat(9000)}latency_z > 4${')'.repeat(9000)}"\n`;
const deepNots = `id: nots\nwhen: "${'!'.repeat(4900)}breaching"\n`;

/** `n` rules named <prefix><i> as a YAML list. */
const ruleList = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `- id: ${prefix}${i}\n  when: "breaching"\n`).join('');

describe('rule limits through the automation router', () => {
  const suite = routerSuite(createCaller, { automation: true });

  it('saving a rule with 9k nested parentheses answers its problem with line and column, and saves nothing', async () => {
    const before = (await suite.caller.automation.rules()).rules.length;
    const r = await suite.caller.automation.saveRule({ yaml: deepParens });
    expect(r).toEqual({ ok: false, problems: [expect.objectContaining({ line: 2, column: 2008, field: 'when', ruleId: 'deep', message: expect.stringMatching(/limit is 2000/) })] });
    expect((await suite.caller.automation.rules()).rules.length).toBe(before);
  });

  it('dry-running 4,900 nested `!` answers a problem at once instead of replaying', async () => {
    const r = await suite.caller.automation.dryRun({ yaml: deepNots, hours: 24 });
    expect(r.minutes).toBe(0);
    expect(r.problems).toEqual([expect.objectContaining({ line: 2, field: 'when', message: expect.stringMatching(/4909 characters long/) })]);
  });

  it('a dry-run of rules larger together than the budget is a problem, not a replay', async () => {
    // Each rule has 199 nodes (50 comparisons of two constants, 49 `||`): 6 of them together exceed 1,024.
    const yaml = Array.from({ length: 6 }, (_, i) => `- id: wide${i}\n  when: "${Array(50).fill('1 < 2').join(' || ')}"\n`).join('');
    const r = await suite.caller.automation.dryRun({ yaml, hours: 24 });
    expect(r.minutes).toBe(0);
    expect(r.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/6 rules have 1194 operands and operators together; a dry-run takes at most 1024/) })]);
  });

  it('over HTTP the same saves and dry-runs are answers (200 with problems), never a 500', async () => {
    const { app } = await buildApp(suite.rc.ctx.rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 });
    const authorization = await suite.rc.bearer(['admin']);
    try {
      for (const [proc, payload] of [['saveRule', { yaml: deepParens }], ['dryRun', { yaml: deepNots, hours: 1 }]] as const) {
        const res = await app.inject({ method: 'POST', url: `/trpc/automation.${proc}`, payload, headers: { authorization } });
        expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
        expect(JSON.stringify(res.json())).toMatch(/characters long; the limit is 2000/);
      }
      // YAML beyond the input cap is a BAD_REQUEST before any parsing.
      const big = await app.inject({ method: 'POST', url: '/trpc/automation.saveRule', payload: { yaml: 'x'.repeat(20_001) }, headers: { authorization } });
      expect(big.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('a silence with too many or too long matchers is a BAD_REQUEST', async () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${'x'.repeat(i)}`, 'v']));
    await expect(suite.caller.automation.addSilence({ matchers: many, durationMinutes: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(suite.caller.automation.addSilence({ matchers: { ['a'.repeat(65)]: 'v' }, durationMinutes: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('rules in force', () => {
  let dir: string;
  let book: RuleBook;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-rulebook-'));
    const rulesDir = path.join(dir, 'rules');
    await mkdir(rulesDir);
    // Rule files already holding the limit.
    for (let f = 0; f * RULE_LIMITS.maxRulesPerFile < RULE_LIMITS.maxRulesInForce; f++) {
      await writeFile(path.join(rulesDir, `${f}.yaml`), ruleList(RULE_LIMITS.maxRulesPerFile, `f${f}-`));
    }
    const store = new TicketStore(await DuckDbDriver.open(':memory:'));
    await store.init();
    book = new RuleBook(rulesDir, store, () => Date.UTC(2026, 10, 1));
    await book.reload();
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('saving one rule more than the limit is refused with a clear message; editing a rule in force still works', async () => {
    expect(book.size).toBe(RULE_LIMITS.maxRulesInForce);
    const r = await book.save('id: one-more\nwhen: "breaching"\n', 'alice', null);
    expect(r).toEqual({ ok: false, problems: [expect.objectContaining({ ruleId: 'one-more', message: expect.stringMatching(/already 200 rules and at most 200 can be in force/) })] });
    expect(book.size).toBe(RULE_LIMITS.maxRulesInForce);
    expect((await book.save('id: f0-1\nwhen: "not breaching"\n', 'alice', 'f0-1')).ok).toBe(true);
    expect((await book.setEnabled('f0-2', false, 'alice')).enabled).toBe(false);
    expect(book.size).toBe(RULE_LIMITS.maxRulesInForce);
  });
});
