// One breakdown table of the report, cells in their column's unit and the reader's language, with a CSV link when the
// reader may download it (the CSV keeps the server's English names and RMB amounts).
import type { ReportTable } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { formatCell, isFigure } from './kpiFormat.js';
import { useReportNames } from './reportNames.js';

export interface ReportTableViewProps {
  table: ReportTable;
  /** URL of the table as CSV; omitted in print. */
  csvUrl?: string;
}

export function ReportTableView({ table, csvUrl }: ReportTableViewProps) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const names = useReportNames();
  const title = names.text(table.title);
  return (
    <figure className="report-table" data-testid={`table-${table.id}`}>
      <figcaption>
        <span>{title}</span>
        {csvUrl && <a className="csv-link" href={csvUrl} download aria-label={t('csvOf', { table: title })}>{t('csv')}</a>}
      </figcaption>
      {table.rows.length === 0 ? (
        <p className="muted">{t('noRows')}</p>
      ) : (
        <table>
          <thead>
            <tr>{table.columns.map((c) => <th key={c.key} scope="col" className={c.unit === 'text' ? '' : 'r'}>{names.text(c.label)}</th>)}</tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {table.columns.map((c) => {
                  const v = row[c.key];
                  const missing = c.unit === 'text' ? v === null || v === undefined || v === '' : !(typeof v === 'number' && isFigure(v));
                  const text = missing ? formatCell(null, c.unit, locale) : c.unit === 'text' ? names.cell(c.key, String(v)) : formatCell(v, c.unit, locale);
                  return <td key={c.key} className={`${c.unit === 'text' ? '' : 'r num'}${missing ? ' no-data' : ''}`}>{text}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
