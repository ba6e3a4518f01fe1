// A small "CSV" button that downloads the table behind a chart or list; shown only to roles with `revenue.export`.
import { useCan } from '../../app/permissions.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { downloadCsv, type CsvTable } from './csvExport.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';

export interface CsvButtonProps {
  /** Test id suffix and file name stem. */
  name: string;
  /** File name, e.g. revenue-breakdown_2026-11-23_2026-11-30.csv. */
  fileName: string;
  /** What the file holds, for screen readers ("the breakdown"). */
  what: string;
  /** Built on click: a large table is only turned into CSV when someone asks for it. */
  table: () => CsvTable;
  rowCount: number;
}

export function CsvButton({ name, fileName, what, table, rowCount }: CsvButtonProps) {
  const t = useMessages(REVENUE_MESSAGES);
  // The rows are already in the browser, so this is the only gate on exporting them: no permission, no button.
  if (!useCan()('revenue.export')) return null;
  return (
    <button type="button" className="csv" disabled={rowCount === 0} title={t('csvTitle', { n: rowCount })} aria-label={t('csvLabel', { what })}
      onClick={() => downloadCsv(fileName, table())} data-testid={`csv-${name}`}>{t('csv')}</button>
  );
}
