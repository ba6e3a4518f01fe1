// Browser entry: prints a report the PDF renderer injected, or asks the server who is signed in and mounts the app behind the session gate.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { SessionGate } from './app/SessionGate.js';
import { SessionStore } from './app/session.js';
import { PrintReport } from './features/executive/PrintReport.js';
import { injectedPrintReport, isPrintReportHash } from './features/executive/printRoute.js';
import './theme.css';
import './printTheme.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
const printed = isPrintReportHash(window.location.hash) ? injectedPrintReport() : null;
if (printed) {
  // The PDF renderer injected the report: print it with no session and no request to the server.
  createRoot(root).render(<StrictMode><PrintReport report={printed} /></StrictMode>);
} else {
  // Created outside React: StrictMode runs effects twice, and the app services must start exactly once per sign-in.
  const session = new SessionStore();
  void session.boot();
  createRoot(root).render(<StrictMode><SessionGate store={session}><App /></SessionGate></StrictMode>);
}
