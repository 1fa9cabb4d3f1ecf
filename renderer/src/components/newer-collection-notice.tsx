import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useLedgerClient } from '../api/client-context';
import { useCollectionStatus } from '../hooks/collection-status-context';
import { startedHere } from '../hooks/use-collection-run';
import { formatTimestamp } from '../format';
import './stale-data-banner.css';

/**
 * A complete collection that ended after this page loaded its data (the schedule, the CLI,
 * another window): the page still shows the older snapshot until it is reloaded, and says so.
 */
export function NewerCollectionNotice() {
  const api = useLedgerClient();
  const status = useCollectionStatus();
  const { pathname } = useLocation();
  // The newest collection when this page's data was loaded, asked for afresh on each page.
  const [baseline, setBaseline] = useState<{ path: string; latestId: number } | null>(null);
  useEffect(() => {
    let live = true;
    setBaseline(null);
    api.collectionStatus({}).then(
      (report) => live && setBaseline({ path: pathname, latestId: report.latest?.id ?? 0 }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, pathname]);

  if (status.status !== 'ready' || !baseline || baseline.path !== pathname) return null;
  const current = status.data.current;
  if (!current || current.id <= baseline.latestId || startedHere.has(current.id)) return null;
  return (
    <div className="stale-banner stale-banner--info" role="status" data-testid="newer-collection" data-id={current.id}>
      <span className="stale-banner__icon" aria-hidden="true">
        i
      </span>
      <div className="stale-banner__text">
        <p className="stale-banner__title">
          Collection {current.id} ({current.trigger}) completed {current.finishedAt ? formatTimestamp(current.finishedAt) : ''}, after this page was loaded
        </p>
        <p>Parts of this page may still show the data from before it; reload to see everything as of the newest collection.</p>
        <p>
          <button type="button" className="link-button" onClick={() => window.location.reload()} data-testid="newer-collection-reload">
            Show the newest data
          </button>
        </p>
      </div>
    </div>
  );
}
