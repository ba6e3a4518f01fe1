// CSV files of the explorer's tables: RFC 4180 quoting, CRLF, and a UTF-8 byte-order mark so Excel reads Chinese names.
export type CsvValue = string | number | boolean | null | undefined;

/** A file's columns (in order) and its rows keyed by column. */
export interface CsvTable {
  columns: readonly string[];
  rows: readonly Record<string, CsvValue>[];
}

const BOM = '\uFEFF';

function cell(v: CsvValue): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  let s = String(v);
  // Text a spreadsheet would run as a formula (=, +, @, or - not starting a number) stays text.
  if (typeof v === 'string' && /^([=+@\t\r]|-(?![\d.]))/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text (header row first), without the byte-order mark. */
export function toCsv(table: CsvTable): string {
  const lines = [table.columns.map(cell).join(','), ...table.rows.map((r) => table.columns.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Triggers a browser download of the table as CSV. */
export function downloadCsv(filename: string, table: CsvTable): void {
  const blob = new Blob([BOM + toCsv(table)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
