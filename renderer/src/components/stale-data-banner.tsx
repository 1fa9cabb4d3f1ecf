import { Link } from 'react-router-dom';
import { staleNotice } from '../collection/collection-format';
import { useCollectionStatus } from '../hooks/collection-status-context';
import './stale-data-banner.css';

/**
 * Shown above every page when the newest collection did not become the current snapshot:
 * an auditor must see that what they are looking at is older than the last attempt, and why.
 */
export function StaleDataBanner() {
  const status = useCollectionStatus();
  if (status.status !== 'ready') return null;
  const notice = staleNotice(status.data);
  const latest = status.data.latest;
  if (!notice || !latest) return null;
  return (
    <div className="stale-banner" role="status" data-testid="stale-banner" data-latest={latest.id} data-current={status.data.current?.id ?? ''}>
      <span className="stale-banner__icon" aria-hidden="true">
        !
      </span>
      <div className="stale-banner__text">
        <p className="stale-banner__title">{status.data.current ? 'Data is not from the latest collection' : 'No complete collection yet'}</p>
        <p data-testid="stale-banner-text">{notice}</p>
        <p>
          <Link to={`/settings/collections/${latest.id}`}>See what happened in collection {latest.id}</Link>
        </p>
      </div>
    </div>
  );
}
