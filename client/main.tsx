// Browser entry: prints a report the PDF renderer injected, or asks the server who is signed in and mounts the app behind
// the session gate, inside the user's language, time zone and theme (and, bound for diagnostics, asks for its first chart).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { SessionGate } from './app/SessionGate.js';
import { SessionStore } from './app/session.js';
import { APP_PAGES } from './app/appPages.js';
import { parseHash } from './app/hashRoute.js';
import { discardFirstPaintPrefetch, prefetchFirstPaintSeries } from './features/spine/firstPaintFetch.js';
import { PrintReport } from './features/executive/PrintReport.js';
import { injectedPrintReport, isPrintReportHash } from './features/executive/printRoute.js';
import { I18nProvider } from './i18n/I18nProvider.js';
import { ThemeProvider } from './ui/ThemeProvider.js';
import './theme.css';
import './printTheme.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
const printed = isPrintReportHash(window.location.hash) ? injectedPrintReport() : null;
if (printed) {
  // The PDF renderer injected the report: print it with no session and no request to the server (light, as on paper).
  createRoot(root).render(<StrictMode><I18nProvider><ThemeProvider theme="light" remember={false}><PrintReport report={printed} /></ThemeProvider></I18nProvider></StrictMode>);
} else {
  // Created outside React: StrictMode runs effects twice, and the app services must start exactly once per sign-in.
  const session = new SessionStore();
  // The diagnostics page (also an administrator's landing page, hence the empty hash): its code loads alongside the session
  // check, and its chart's first data is asked for the moment the session is known (never before: an anonymous visitor's
  // page asks for no data); an answer nobody took is dropped at sign-out.
  const diagnostics = APP_PAGES.find((p) => p.titleKey === 'page.diagnostics');
  const path = parseHash(window.location.hash).path;
  const boundForDiagnostics = ['', '#', '#/'].includes(path) || path === diagnostics?.path || diagnostics?.aliases?.includes(path);
  if (boundForDiagnostics) import('./features/spine/SpinePage.js').catch(() => undefined); // a failure shows when the page imports it
  let prefetched = false;
  session.subscribe(() => {
    const status = session.getState().status;
    if (status === 'signed-out') { discardFirstPaintPrefetch(); prefetched = false; }
    if (status === 'signed-in' && boundForDiagnostics && !prefetched) { prefetched = true; prefetchFirstPaintSeries(); }
  });
  void session.boot();
  createRoot(root).render(
    <StrictMode><I18nProvider><ThemeProvider><SessionGate store={session}><App /></SessionGate></ThemeProvider></I18nProvider></StrictMode>,
  );
}
