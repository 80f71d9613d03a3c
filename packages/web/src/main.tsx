import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './quality.css';
import './models.css';
import './health.css';
import './waveforms.css';
import './maintenance.css';
import './registry.css';
import './procedures.css';
import './why.css';
import './knowledge.css';
import { App } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
