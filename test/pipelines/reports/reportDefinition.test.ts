// Report files: the shipped ones load; each kind of mistake is reported at its file:line:column; a file with a
// problem loads nothing while good files beside it still load.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_REPORTS_DIR, formatReportProblem, loadReportDefinitions, parseReportYaml, type ReportProblem,
} from '../../../pipelines/reports/reportDefinition.js';
import { KPI_BY_ID, REPORT_SECTIONS } from '../../../schema/executive.js';

const ALLOW = { webhookAllowlist: ['hooks.example.com', '127.0.0.1:9999'] };

const GOOD = `id: good
title: Good report
audience: Board
period: week
sections:
  - id: revenue
    kpis: [revenue_total, arpu]
    tables: [revenue_by_kind]
schedule:
  cron: "0 8 * * 1"
  timezone: Asia/Shanghai
deliver:
  - webhook: https://hooks.example.com/opsdeck
`;

/** GOOD with one line replaced (1-based), so each case states its mistake and the line it is on. */
function withLine(line: number, text: string): string {
  const lines = GOOD.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

function problemsOf(text: string): ReportProblem[] {
  const r = parseReportYaml(text, 'reports/bad.yaml', ALLOW);
  if (r.problems.length) expect(r.definition).toBeNull();
  return r.problems;
}
const where = (p: ReportProblem | undefined) => (p ? `${p.source}:${p.line}:${p.column}` : 'none');

describe('report definitions', () => {
  it('the shipped reports load without problems, with schedules and every section', async () => {
    const r = await loadReportDefinitions(DEFAULT_REPORTS_DIR, { webhookAllowlist: [] });
    expect(r.problems.map(formatReportProblem)).toEqual([]);
    const weekly = r.definitions.find((d) => d.id === 'weekly-exec')!;
    expect(weekly.period).toBe('week');
    expect(weekly.source).toBe(path.join('reports', 'weekly-exec.yaml'));
    expect(weekly.sections.map((s) => s.id)).toEqual([...REPORT_SECTIONS]);
    expect(weekly.schedule).toEqual({ cron: '0 8 * * 1', timezone: 'Asia/Shanghai' });
    for (const s of weekly.sections) for (const k of s.kpis) expect(KPI_BY_ID.get(k)?.section).toBe(s.id);
    const monthly = r.definitions.find((d) => d.id === 'monthly-exec')!;
    expect(monthly.period).toBe('month');
    expect(monthly.schedule).toEqual({ cron: '0 8 1 * *', timezone: 'Asia/Shanghai' });
    // targets.yaml (the KPI targets) is not a report definition.
    expect(r.definitions.map((d) => d.id).sort()).toEqual(['monthly-exec', 'weekly-exec']);
  });

  it('a good file parses into the definition, with default section titles', () => {
    const r = parseReportYaml(GOOD, 'reports/good.yaml', ALLOW);
    expect(r.problems).toEqual([]);
    expect(r.definition).toEqual({
      id: 'good', title: 'Good report', audience: 'Board', source: 'reports/good.yaml', period: 'week',
      sections: [{ id: 'revenue', title: 'Revenue', kpis: ['revenue_total', 'arpu'], tables: ['revenue_by_kind'] }],
      schedule: { cron: '0 8 * * 1', timezone: 'Asia/Shanghai' }, deliver: [{ webhook: 'https://hooks.example.com/opsdeck' }],
    });
  });

  it('each kind of mistake is reported at its line and column', () => {
    const cases: Array<{ text: string; at: string; field: string; message: RegExp }> = [
      { text: withLine(3, 'audiense: Board'), at: '3:1', field: 'audiense', message: /unknown field/ },
      { text: withLine(4, 'period: fortnight'), at: '4:9', field: 'period', message: /must be one of day, week, month, quarter/ },
      { text: withLine(4, 'period: custom'), at: '4:9', field: 'period', message: /must be one of/ },
      { text: withLine(6, '  - id: finance'), at: '6:9', field: 'sections[0].id', message: /unknown section/ },
      { text: withLine(7, '    kpis: [revenue_total, arpu_total]'), at: '7:27', field: 'sections[0].kpis[1]', message: /'arpu_total': unknown KPI id/ },
      { text: withLine(7, '    kpis: [revenue_total, mttr]'), at: '7:27', field: 'sections[0].kpis[1]', message: /belongs to section 'autonomy', not 'revenue'/ },
      { text: withLine(8, '    tables: [revenue_by_kind, worst_provinces]'), at: '8:31', field: 'sections[0].tables[1]', message: /table belongs to section 'experience'/ },
      { text: withLine(8, '    tables: [revenue_by_region]'), at: '8:14', field: 'sections[0].tables[0]', message: /unknown table id/ },
      { text: withLine(8, '    colour: blue'), at: '8:5', field: 'sections[0].colour', message: /unknown field/ },
      { text: withLine(10, '  cron: "0 8 * 13 1"'), at: '10:16', field: 'schedule.cron', message: /month field "13": 13 is outside 1-12/ },
      { text: withLine(10, '  cron: "0 8 * *"'), at: '10:10', field: 'schedule.cron', message: /expected 5 fields/ },
      { text: withLine(10, '  cron: "0 0 31 2 *"'), at: '10:9', field: 'schedule.cron', message: /never fires/ },
      { text: withLine(11, '  timezone: Asia/Beijing'), at: '11:13', field: 'schedule.timezone', message: /unknown IANA time zone/ },
      { text: withLine(13, '  - webhook: ftp://hooks.example.com/x'), at: '13:14', field: 'deliver[0].webhook', message: /http\(s\) only/ },
      { text: withLine(13, '  - webhook: https://evil.example.net/x'), at: '13:14', field: 'deliver[0].webhook', message: /'evil.example.net' is not in OPSDECK_WEBHOOK_ALLOWLIST/ },
      { text: withLine(1, 'id: Bad Id'), at: '1:5', field: 'id', message: /lower-case letters/ },
      { text: withLine(2, 'title: 42'), at: '2:8', field: 'title', message: /non-empty text/ },
      { text: withLine(2, 'title: [x'), at: '3:1', field: '', message: /YAML syntax/ },
    ];
    for (const c of cases) {
      const ps = problemsOf(c.text);
      expect(ps.length, `${c.field}: ${ps.map(formatReportProblem).join('; ')}`).toBeGreaterThan(0);
      const p = ps[0]!;
      expect(`${where(p)} ${p.field}`, c.text).toBe(`reports/bad.yaml:${c.at} ${c.field}`);
      expect(p.message).toMatch(c.message);
    }
  });

  it('every problem of a file is listed, not only the first', () => {
    const text = GOOD.replace('period: week', 'period: weekly').replace('arpu]', 'arpu, nope]').replace('Asia/Shanghai', 'Mars/Olympus');
    const ps = problemsOf(text);
    expect(ps.map((p) => p.field)).toEqual(['period', 'sections[0].kpis[2]', 'schedule.timezone']);
    expect(ps.every((p) => p.definitionId === 'good')).toBe(true);
  });

  it('missing required fields and a delivery without a schedule', () => {
    const ps = problemsOf('id: x\ntitle: T\nperiod: week\nsections: []\ndeliver:\n  - webhook: https://hooks.example.com/a\n');
    expect(ps.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
      '1 audience: required',
      '4 sections: required: a non-empty list of sections',
    ]);
    const noSchedule = problemsOf(GOOD.replace(/schedule:\n.*\n.*\n/, ''));
    expect(noSchedule.map((p) => `${p.line} ${p.field}`)).toEqual(['9 deliver']);
    expect(noSchedule[0]!.message).toMatch(/need a schedule/);
  });

  describe('a directory', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-reports-'));
      await writeFile(path.join(dir, 'a-good.yaml'), GOOD);
      await writeFile(path.join(dir, 'b-bad.yaml'), GOOD.replace('id: good', 'id: other').replace('arpu]', 'arpu, revenue_gross]'));
      await writeFile(path.join(dir, 'c-dup.yaml'), `# the same id again\n${GOOD}`);
      await writeFile(path.join(dir, 'targets.yaml'), 'version: 1\ntargets: {}\n');
      await writeFile(path.join(dir, 'notes.txt'), 'not yaml');
    });
    afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

    it('good files load, a bad file loads nothing, a repeated id is refused, targets.yaml is skipped', async () => {
      const r = await loadReportDefinitions(dir, ALLOW);
      expect(r.definitions.map((d) => d.id)).toEqual(['good']);
      expect(r.problems.map((p) => `${path.basename(p.source)}:${p.line}:${p.column} ${p.field} ${p.message}`)).toEqual([
        "b-bad.yaml:7:33 sections[0].kpis[2] 'revenue_gross': unknown KPI id",
        `c-dup.yaml:2:1 id report id already defined in ${path.join(dir, 'a-good.yaml')}; this file is ignored`,
      ]);
    });

    it('a missing directory is one problem, not an exception', async () => {
      const r = await loadReportDefinitions(path.join(dir, 'nope'), ALLOW);
      expect(r.definitions).toEqual([]);
      expect(r.problems[0]!.message).toMatch(/cannot read the reports directory/);
    });
  });
});
