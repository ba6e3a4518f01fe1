// Browser entry: asks the server who is signed in, then mounts the OpsDeck app behind the session gate.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { SessionGate } from './app/SessionGate.js';
import { SessionStore } from './app/session.js';
import './theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
// Created outside React: StrictMode runs effects twice, and the app services must start exactly once per sign-in.
const session = new SessionStore();
void session.boot();
createRoot(root).render(<StrictMode><SessionGate store={session}><App /></SessionGate></StrictMode>);
