// One breakdown table of the report, cells in their column's unit, with a CSV link when the reader may download it.
import type { ReportTable } from '../../../schema/executive.js';
import { formatCell, NO_DATA } from './kpiFormat.js';

export interface ReportTableViewProps {
  table: ReportTable;
  /** URL of the table as CSV; omitted in print. */
  csvUrl?: string;
}

export function ReportTableView({ table, csvUrl }: ReportTableViewProps) {
  return (
    <figure className="report-table" data-testid={`table-${table.id}`}>
      <figcaption>
        <span>{table.title}</span>
        {csvUrl && <a className="csv-link" href={csvUrl} download aria-label={`Download ${table.title} as CSV`}>CSV</a>}
      </figcaption>
      {table.rows.length === 0 ? (
        <p className="muted">No rows for this period.</p>
      ) : (
        <table>
          <thead>
            <tr>{table.columns.map((c) => <th key={c.key} scope="col" className={c.unit === 'text' ? '' : 'r'}>{c.label}</th>)}</tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {table.columns.map((c) => {
                  const text = formatCell(row[c.key], c.unit);
                  return <td key={c.key} className={`${c.unit === 'text' ? '' : 'r num'}${text === NO_DATA ? ' no-data' : ''}`}>{text}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
