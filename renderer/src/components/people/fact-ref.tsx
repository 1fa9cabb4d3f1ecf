import { Link } from 'react-router-dom';
import type { FactRef } from '../../../../shared/domain/analysis';
import './people.css';

/**
 * One piece of evidence: the stored fact version (source, kind, key) and the collections it
 * held over, each a link to that collection, so a reader can go from a role back to the poll.
 */
export function FactRefView({ fact }: { fact: FactRef }) {
  return (
    <span className="fact-ref" data-testid="fact-ref" data-kind={fact.kind} data-valid-from={fact.validFrom}>
      <span className="tag">{fact.sourceId}</span> <span className="mono">{fact.kind}</span> <span className="mono fact-ref__key" title={fact.key}>{fact.key}</span>{' '}
      <span className="muted">
        held from <Link to={`/settings/collections/${fact.validFrom}`}>collection {fact.validFrom}</Link>
        {fact.validTo === null ? (
          ', still holds'
        ) : (
          <>
            , gone or changed by <Link to={`/settings/collections/${fact.validTo}`}>collection {fact.validTo}</Link>
          </>
        )}
      </span>
    </span>
  );
}
