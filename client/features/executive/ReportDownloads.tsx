// Download links for the chosen report as the server renders it: PDF (same components, print route) and standalone HTML.
import { reportFileUrl, type ReportRequest } from './executiveApi.js';

export function ReportDownloads({ request }: { request: ReportRequest }) {
  return (
    <nav className="report-downloads" aria-label="Download this report">
      <a className="button" href={reportFileUrl('pdf', request)} download data-testid="download-pdf">Download PDF</a>
      <a className="button" href={reportFileUrl('html', request)} download data-testid="download-html">HTML</a>
    </nav>
  );
}
