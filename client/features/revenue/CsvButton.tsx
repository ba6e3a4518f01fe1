// A small "CSV" button that downloads the rows behind a chart or table.
import { downloadCsv, type CsvValue } from './csvExport.js';

export function CsvButton({ name, rows }: { name: string; rows: readonly Record<string, CsvValue>[] }) {
  return (
    <button type="button" className="csv" disabled={rows.length === 0} title={`Download ${rows.length} rows as CSV`}
      onClick={() => downloadCsv(`${name}.csv`, rows)} data-testid={`csv-${name}`}>CSV</button>
  );
}
