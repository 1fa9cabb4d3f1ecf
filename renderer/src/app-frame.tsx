import { NavLink, Outlet } from 'react-router-dom';
import { useApiQuery } from './hooks/use-api-query';
import { truncateMiddle } from './format';
import { CollectionStatusProvider } from './hooks/collection-status-context';
import { StaleDataBanner } from './components/stale-data-banner';
import { NewerCollectionNotice } from './components/newer-collection-notice';
import { AsOfControl } from './components/as-of-control';
import { ResolvedAsOfProvider } from './hooks/as-of-resolution';
import { useAsOf, withAsOf } from './hooks/as-of';
import './app-frame.css';

/**
 * The frame around every page: who we are (name, version), which database this window is
 * looking at (an auditor must never wonder), the "as of" time every analysis page answers for,
 * the navigation (which keeps that time), and a warning above every page when the data is
 * older than the latest collection attempt.
 */
export interface NavItem {
  id: string;
  path: string;
  label: string;
}

export function AppFrame({ navItems }: { navItems: readonly NavItem[] }) {
  const { at } = useAsOf();
  return (
    <CollectionStatusProvider>
      <ResolvedAsOfProvider>
        <div className="frame">
          <a className="skip-link" href="#main-content">
            Skip to content
          </a>
          <AppHeader />
          <div className="frame__body">
            <nav className="frame__nav" aria-label="Main">
              <ul className="nav-list">
                {navItems.map((route) => (
                  <li key={route.id}>
                    <NavLink to={withAsOf(route.path, at)} end={route.path === '/'} className="nav-link" data-testid={`nav-${route.id}`}>
                      {route.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <main id="main-content" className="frame__main" tabIndex={-1}>
              <StaleDataBanner />
              <NewerCollectionNotice />
              <Outlet />
            </main>
          </div>
        </div>
      </ResolvedAsOfProvider>
    </CollectionStatusProvider>
  );
}

function AppHeader() {
  const info = useApiQuery((api) => api.appInfo({}), []);
  return (
    <header className="frame__header" data-testid="app-header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true" />
        <span className="brand__name">{info.status === 'ready' ? info.data.name : 'Access Ledger'}</span>
        {info.status === 'ready' ? (
          <span className="brand__version" data-testid="app-version">
            v{info.data.version}
          </span>
        ) : null}
      </div>
      <AsOfControl />
      <div className="frame__db" data-testid="app-database">
        <span className="frame__db-label">Database</span>
        {info.status === 'ready' ? (
          <code className="frame__db-path" title={info.data.databasePath}>
            {truncateMiddle(info.data.databasePath, 72)}
          </code>
        ) : info.status === 'loading' ? (
          <span className="frame__db-path">loading…</span>
        ) : (
          <span className="frame__db-path frame__db-path--error" title={info.error.message}>
            unavailable ({info.error.code})
          </span>
        )}
      </div>
    </header>
  );
}
