import type { ComponentType } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppFrame } from './app-frame';
import { OverviewPage } from './pages/overview-page';
import { PeoplePage } from './pages/people-page';
import { PersonPage } from './pages/person-page';
import { AccessDiffPage } from './pages/access-diff-page';
import { FindingsPage } from './pages/findings-page';
import { RemediationPage } from './pages/remediation-page';
import { EvidencePage } from './pages/evidence-page';
import { LedgerPage } from './pages/ledger-page';
import { SettingsPage } from './pages/settings-page';
import { NotFoundPage } from './pages/not-found-page';
import { ConnectionsPage } from './pages/connections-page';
import { CollectionsPage } from './pages/collections-page';
import { CollectionDetailPage } from './pages/collection-detail-page';
import { PolicyPage } from './pages/policy-page';
import { FindingDetailPage } from './pages/finding-detail-page';

/** One row per page: the navigation and the router are both built from this list. */
export interface PageRoute {
  id: string;
  path: string;
  label: string;
  Component: ComponentType;
}

export const pageRoutes: readonly PageRoute[] = [
  { id: 'overview', path: '/', label: 'Overview', Component: OverviewPage },
  { id: 'people', path: '/people', label: 'People', Component: PeoplePage },
  { id: 'access-diff', path: '/access-diff', label: 'Access diff', Component: AccessDiffPage },
  { id: 'findings', path: '/findings', label: 'Findings', Component: FindingsPage },
  { id: 'remediation', path: '/remediation', label: 'Remediation', Component: RemediationPage },
  { id: 'evidence', path: '/evidence', label: 'Evidence', Component: EvidencePage },
  { id: 'ledger', path: '/ledger', label: 'Ledger', Component: LedgerPage },
  { id: 'settings', path: '/settings', label: 'Settings', Component: SettingsPage },
];

/** Pages reached from inside another page (Settings' sections), not from the main navigation. */
export const subRoutes: readonly Omit<PageRoute, 'label'>[] = [
  { id: 'connections', path: '/settings/connections', Component: ConnectionsPage },
  { id: 'collections', path: '/settings/collections', Component: CollectionsPage },
  { id: 'collection', path: '/settings/collections/:id', Component: CollectionDetailPage },
  { id: 'policy', path: '/settings/policy', Component: PolicyPage },
  { id: 'finding', path: '/findings/:id', Component: FindingDetailPage },
  { id: 'person', path: '/people/:email', Component: PersonPage },
];

/**
 * Real paths (BrowserRouter), not hash routes: the hash carries the bridge token on first
 * load, and both app:// and the bridge serve index.html for unknown paths, so deep links work.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppFrame navItems={pageRoutes} />}>
        {pageRoutes.map(({ id, path, Component }) =>
          path === '/' ? <Route key={id} index element={<Component />} /> : <Route key={id} path={path} element={<Component />} />,
        )}
        {subRoutes.map(({ id, path, Component }) => (
          <Route key={id} path={path} element={<Component />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
