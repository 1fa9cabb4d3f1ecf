import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import type { CollectionStatusReport } from '../../../shared/domain/collection';
import { useRefreshableQuery, type RefreshableQuery } from './use-refreshable-query';

/** How often an open window asks whether a collection ended (a cheap call: three small reads). */
export const STATUS_POLL_MS = 10_000;

const CollectionStatusContext = createContext<RefreshableQuery<CollectionStatusReport> | null>(null);

/**
 * One shared copy of collectionStatus for the frame's stale-data banner, the Overview and the
 * collection pages. Re-read on every navigation (a scheduled run may have finished meanwhile)
 * and whenever a page calls refresh() after a run ends.
 */
export function CollectionStatusProvider({ children }: { children: ReactNode }) {
  const query = useRefreshableQuery((api) => api.collectionStatus({}), []);
  const { pathname } = useLocation();
  const shownFor = useRef(pathname);
  const { refresh } = query;
  useEffect(() => {
    if (shownFor.current === pathname) return;
    shownFor.current = pathname;
    void refresh();
  }, [pathname, refresh]);
  // Polled while the window is visible, so a scheduled (or CLI) collection that ends while a
  // page stays open is noticed: the banners and the "newer collection" notice read this.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return <CollectionStatusContext.Provider value={query}>{children}</CollectionStatusContext.Provider>;
}

/** The shared collection status; throws outside the provider (a wiring bug). */
export function useCollectionStatus(): RefreshableQuery<CollectionStatusReport> {
  const value = useContext(CollectionStatusContext);
  if (!value) throw new Error('useCollectionStatus used outside CollectionStatusProvider');
  return value;
}
