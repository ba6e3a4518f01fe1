// CSV of one report table for spreadsheets: a header row, money in RMB with 2 decimals, RFC 4180 quoting, CRLF,
// and a UTF-8 byte-order mark so Excel reads Chinese names as UTF-8.
import { NotFoundError } from '../../schema/domainErrors.js';
import type { ExecReport, ReportColumn, ReportTable } from '../../schema/executive.js';
import { fenToRmbDecimal } from '../../domain/money/formatMoney.js';

const BOM = '\uFEFF';

const UNIT_SUFFIX: Partial<Record<ReportColumn['unit'], string>> = {
  fen: ' (RMB)', fen_per_mtok: ' (RMB per M tokens)', pct: ' (%)', minutes: ' (min)',
};


/** Up to 2 decimals, no grouping, no trailing zeros: 99.5, 12, 0.33. */
function plainNumber(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function csvCell(v: string | number | null | undefined, unit: ReportColumn['unit']): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  let s: string;
  if (typeof v === 'number') s = unit === 'fen' || unit === 'fen_per_mtok' ? fenToRmbDecimal(v) : plainNumber(v);
  // A text cell a spreadsheet would run as a formula (=, +, -, @) is kept as text.
  else s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function findReportTable(report: ExecReport, tableId: string): ReportTable {
  for (const section of report.sections) for (const t of section.tables) if (t.id === tableId) return t;
  const known = report.sections.flatMap((s) => s.tables.map((t) => t.id));
  throw new NotFoundError(`report '${report.definition.id}' has no table '${tableId}' (its tables: ${known.join(', ') || 'none'})`);
}

/** The table's columns as the report declares them (names, not ids: the rows already carry the display names). */
export function tableCsv(report: ExecReport, tableId: string): string {
  const t = findReportTable(report, tableId);
  const lines = [t.columns.map((c) => csvCell(`${c.label}${UNIT_SUFFIX[c.unit] ?? ''}`, 'text')).join(',')];
  for (const row of t.rows) lines.push(t.columns.map((c) => csvCell(row[c.key], c.unit)).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
