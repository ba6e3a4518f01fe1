// Browser entry: starts the app's services once and mounts the OpsDeck app inside their provider.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { AppServicesProvider, startAppServices } from './app/AppServices.js';
import './theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
const services = startAppServices();
createRoot(root).render(<StrictMode><AppServicesProvider services={services}><App /></AppServicesProvider></StrictMode>);
