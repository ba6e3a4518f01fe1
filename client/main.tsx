// Browser entry: prints a report the PDF renderer injected, or asks the server who is signed in and mounts the app behind
// the session gate, inside the user's language, time zone and theme.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { SessionGate } from './app/SessionGate.js';
import { SessionStore } from './app/session.js';
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
  void session.boot();
  createRoot(root).render(
    <StrictMode><I18nProvider><ThemeProvider><SessionGate store={session}><App /></SessionGate></ThemeProvider></I18nProvider></StrictMode>,
  );
}
