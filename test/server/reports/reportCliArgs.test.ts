// `npm run report` arguments: format from --format or the extension, CSV needs a known table, impossible periods refused.
import { describe, expect, it } from 'vitest';
import { parseReportCliArgs, UsageError } from '../../../server/reports/reportCliArgs.js';

const base = ['--def', 'reports/weekly-exec.yaml', '--period', '2026-W47'];

describe('parseReportCliArgs', () => {
  it('infers the format from --out and resolves paths', () => {
    const a = parseReportCliArgs([...base, '--out', 'out/r.pdf'], '/w');
    expect(a).toMatchObject({ defFile: '/w/reports/weekly-exec.yaml', out: '/w/out/r.pdf', format: 'pdf', table: null, local: false });
    expect(a.period.label).toBe('2026-W47');
    expect(parseReportCliArgs([...base, '--out', 'r.htm'], '/w').format).toBe('html');
    expect(parseReportCliArgs([...base, '--out', 'r.bin', '--format', 'html'], '/w').format).toBe('html');
    expect(parseReportCliArgs([...base, '--out', 'r.csv', '--table', 'arpu_by_tier', '--local'], '/w')).toMatchObject({ format: 'csv', table: 'arpu_by_tier', local: true });
  });

  it.each([
    [['--period', '2026-W47', '--out', 'r.pdf'], /--def/],
    [['--def', 'x.yaml', '--period', '2026-W54', '--out', 'r.pdf'], /--period: .*ISO weeks 1-53/],
    [['--def', 'x.yaml', '--period', '2026-11-31', '--out', 'r.pdf'], /not a real date/],
    [[...base, '--out', 'r.txt'], /cannot tell the format/],
    [[...base, '--out', 'r.csv'], /--table is required/],
    [[...base, '--out', 'r.csv', '--table', 'nope'], /unknown table 'nope'/],
    [[...base, '--out', 'r.pdf', '--table', 'arpu_by_tier'], /CSV output only/],
    [[...base, '--out', 'r.pdf', '--bogus'], /bogus/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseReportCliArgs(argv, '/w')).toThrow(UsageError);
    expect(() => parseReportCliArgs(argv, '/w')).toThrow(message);
  });
});
