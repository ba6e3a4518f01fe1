// Download links for the chosen report as the server renders it: PDF (same components, print route) and standalone HTML.
import { useMessages } from '../../i18n/I18nProvider.js';
import { reportFileUrl, type ReportRequest } from './executiveApi.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';

export function ReportDownloads({ request }: { request: ReportRequest }) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (
    <nav className="report-downloads" aria-label={t('downloads')}>
      <a className="button" href={reportFileUrl('pdf', request)} download data-testid="download-pdf">{t('downloadPdf')}</a>
      <a className="button" href={reportFileUrl('html', request)} download data-testid="download-html">{t('downloadHtml')}</a>
    </nav>
  );
}
