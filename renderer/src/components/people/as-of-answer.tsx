import { Link } from 'react-router-dom';
import type { AsOf } from '../../../../shared/domain/analysis';
import { formatTimestamp } from '../../format';
import './people.css';

/**
 * Which collection answers, and the window the state could have moved in without our seeing
 * it: a page about "as of T" is only as good as the poll behind it, and says so.
 */
export function AsOfAnswer({ asOf, at }: { asOf: AsOf; at: string | null }) {
  const { collectionId, collectedAt, uncertainty } = asOf;
  return (
    <p className="as-of-answer" data-testid="as-of-answer" data-collection-id={collectionId}>
      <span>
        {at ? <>As of <strong>{at}</strong>: answered</> : 'Now: answered'} by{' '}
        <Link to={`/settings/collections/${collectionId}`}>collection {collectionId}</Link>, collected{' '}
        <time dateTime={collectedAt}>{formatTimestamp(collectedAt)}</time>.
      </span>{' '}
      <span className="muted" data-testid="as-of-uncertainty">
        Changes made after <time dateTime={uncertainty.from}>{formatTimestamp(uncertainty.from)}</time> are unseen{' '}
        {uncertainty.to ? (
          <>
            until the next collection at <time dateTime={uncertainty.to}>{formatTimestamp(uncertainty.to)}</time>.
          </>
        ) : (
          'until the next collection (none yet).'
        )}
      </span>
    </p>
  );
}
