// CSV of a report table: header with units, RMB from fen (exact, rounded once), RFC 4180 quoting, BOM, CRLF.
import { describe, expect, it } from 'vitest';
import { csvCell, tableCsv } from '../../../server/reports/reportCsv.js';
import { fenToRmbDecimal as fenToRmb } from '../../../domain/money/formatMoney.js';
import { NotFoundError } from '../../../schema/domainErrors.js';
import { execReportFixture } from './execReportFixture.js';

describe('tableCsv', () => {
  it('writes the table with a BOM, a header row, money in RMB and names quoted per RFC 4180', () => {
    const csv = tableCsv(execReportFixture(), 'arpu_by_tier');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    // Expected by hand: 1,000,005 fen = 10000.05 RMB; 990.5 fen rounds half-up to 991 fen = 9.91; -0.4 fen rounds to 0.
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Tier,Revenue (RMB),ARPU (RMB),Accounts',
      'Family 9.9,10000.05,9.91,1010',
      '"Developer, ""Pro""",250000.00,0.00,12',
      '家庭套餐,,,0',
      '',
    ]);
  });

  it('refuses a table the report does not have, naming the ones it has', () => {
    expect(() => tableCsv(execReportFixture(), 'worst_provinces')).toThrow(NotFoundError);
    expect(() => tableCsv(execReportFixture(), 'worst_provinces')).toThrow(/its tables: arpu_by_tier/);
  });

  it('formats cells exactly', () => {
    expect(fenToRmb(5)).toBe('0.05');
    expect(fenToRmb(-5)).toBe('-0.05');
    expect(fenToRmb(2 ** 53 - 1)).toBe('90071992547409.91');
    expect(csvCell(99.567, 'pct')).toBe('99.57');
    expect(csvCell('=cmd()', 'text')).toBe("'=cmd()");
    expect(csvCell('a\nb', 'text')).toBe('"a\nb"');
    expect(csvCell(null, 'fen')).toBe('');
  });
});
