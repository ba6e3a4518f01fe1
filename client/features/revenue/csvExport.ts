// CSV export of any result rows (RFC 4180 quoting), so every number on the page can leave it.
export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(rows: readonly Record<string, CsvValue>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const cell = (v: CsvValue) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.map((c) => cell(c)).join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** Triggers a browser download of the rows as CSV. */
export function downloadCsv(filename: string, rows: readonly Record<string, CsvValue>[], columns?: readonly string[]): void {
  const blob = new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
