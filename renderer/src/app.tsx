import { useSyncExternalStore } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { LedgerClientProvider } from './api/client-context';
import type { ClientSetup } from './api/ledger-client';
import type { UnauthorizedFlag } from './api/unauthorized-flag';
import { UnauthorizedPage } from './components/unauthorized-page';
import { AppRoutes } from './routes';

/** The root: either the app, or the "needs the link" page when the token is missing or refused. */
export function App({ setup, unauthorized }: { setup: ClientSetup; unauthorized: UnauthorizedFlag }) {
  const refused = useSyncExternalStore(unauthorized.subscribe, unauthorized.get);
  if (setup.kind === 'needs-token' || refused) return <UnauthorizedPage />;
  return (
    <LedgerClientProvider api={setup.api}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </LedgerClientProvider>
  );
}
