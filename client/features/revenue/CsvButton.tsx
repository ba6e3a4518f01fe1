// A small "CSV" button that downloads the rows behind a chart or table; shown only to roles with `revenue.export`.
import { useCan } from '../../app/permissions.js';
import { downloadCsv, type CsvValue } from './csvExport.js';

export function CsvButton({ name, rows }: { name: string; rows: readonly Record<string, CsvValue>[] }) {
  // The rows are already in the browser, so this is the only gate on exporting them: no permission, no button.
  if (!useCan()('revenue.export')) return null;
  return (
    <button type="button" className="csv" disabled={rows.length === 0} title={`Download ${rows.length} rows as CSV`}
      onClick={() => downloadCsv(`${name}.csv`, rows)} data-testid={`csv-${name}`}>CSV</button>
  );
}
