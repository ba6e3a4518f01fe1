// KPI targets: the shipped file loads; mistakes are file:line:column errors; RAG respects the KPI's good direction.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KPI_BY_ID } from '../../schema/executive.js';
import { DEFAULT_REPORTS_DIR } from '../../pipelines/reports/reportDefinition.js';
import { TargetsError, loadTargets, parseTargets, ragOf, targetFor } from '../../server/executive/targets.js';

const problemsOf = (text: string) => {
  try { parseTargets(text, 'reports/targets.yaml'); } catch (e) { if (e instanceof TargetsError) return e.message.split('\n'); throw e; }
  return [];
};

describe('targets file', () => {
  it('the shipped reports/targets.yaml loads with a version and only catalog KPIs', async () => {
    const t = await loadTargets(path.join(DEFAULT_REPORTS_DIR, 'targets.yaml'), 'reports/targets.yaml');
    expect(t.version).toMatch(/\S/);
    expect(t.byKpi.size).toBe(KPI_BY_ID.size);
    expect(targetFor(t, 'revenue_total', 'month')!.value).toBeGreaterThan(targetFor(t, 'revenue_total', 'week')!.value);
    expect(targetFor(t, 'site_hours_met', 'month')).toEqual(t.byKpi.get('site_hours_met'));
  });

  it('names file, line and column of each mistake and loads nothing', () => {
    const text = [
      'version: "v1"',
      'targets:',
      '  revenue_total: { target: 100, amber_within: 0.05 }',
      '  revenue_totl: { target: 100, amber_within: 0.05 }',
      '  arpu: { target: "lots", amber_within: 0.05 }',
      '  mttr: { target: 30, amber_within: 2 }',
      '  escalations: { target: 3, amber_within: 0.5, per_period: { fortnight: 6 } }',
      '  churned_accounts: { target: 3, amber_within: 0.5, colour: red }',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^reports\/targets\.yaml:4:3: targets\.revenue_totl: unknown KPI id/),
      'reports/targets.yaml:5:19: targets.arpu.target: a finite number is required',
      'reports/targets.yaml:6:37: targets.mttr.amber_within: a share between 0 and 1 is required (0.05 = 5 %)',
      expect.stringMatching(/^reports\/targets\.yaml:7:62: targets\.escalations\.per_period\.fortnight: unknown period kind/),
      'reports/targets.yaml:8:53: targets.churned_accounts.colour: unknown key (expected target, amber_within, per_period)',
    ]);
  });

  it('refuses a missing version, a syntax error and a file that is not a mapping', () => {
    expect(problemsOf('targets: {}')).toEqual(['reports/targets.yaml:1:1: version: a non-empty version string is required']);
    expect(problemsOf('version: v\ntargets: [1, 2]')).toEqual(['reports/targets.yaml:2:10: targets: must be a mapping of KPI id -> { target, amber_within }']);
    expect(problemsOf('version: "v\n')[0]).toMatch(/^reports\/targets\.yaml:\d+:\d+: YAML syntax: Missing closing/);
    expect(problemsOf('- 1')[0]).toMatch(/must be a mapping with version and targets/);
  });
});

describe('RAG', () => {
  const t = { value: 100, amberWithin: 0.05 };
  it('up is better: green at or above, amber within the tolerance below, red beyond', () => {
    expect(ragOf({ better: 'up' }, 100, t)).toBe('green');
    expect(ragOf({ better: 'up' }, 120, t)).toBe('green');
    expect(ragOf({ better: 'up' }, 95, t)).toBe('amber');
    expect(ragOf({ better: 'up' }, 94.9, t)).toBe('red');
  });
  it('down is better: green at or below, amber within the tolerance above, red beyond', () => {
    expect(ragOf({ better: 'down' }, 80, t)).toBe('green');
    expect(ragOf({ better: 'down' }, 105, t)).toBe('amber');
    expect(ragOf({ better: 'down' }, 105.1, t)).toBe('red');
    expect(ragOf({ better: 'down' }, 0, { value: 0, amberWithin: 0.5 })).toBe('green');
    expect(ragOf({ better: 'down' }, 1, { value: 0, amberWithin: 0.5 })).toBe('red');
  });
  it('none without a value or a target', () => {
    expect(ragOf({ better: 'up' }, null, t)).toBe('none');
    expect(ragOf({ better: 'up' }, 5, null)).toBe('none');
  });
});
