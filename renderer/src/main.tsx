import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectLedger, type HostWindow } from './api/ledger-client';
import { createUnauthorizedFlag } from './api/unauthorized-flag';
import './styles/base.css';

// The token must leave the address bar before the router (or anything else) reads the URL.
const unauthorized = createUnauthorizedFlag();
const setup = connectLedger(window as unknown as HostWindow, { onUnauthorized: unauthorized.raise });

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App setup={setup} unauthorized={unauthorized} />
  </StrictMode>,
);
