import { Link } from 'react-router-dom';
import type { FindingsAnswer } from '../../../../shared/domain/analysis';
import type { CollectionStatusReport } from '../../../../shared/domain/collection';
import { staleNotice } from '../../collection/collection-format';
import { formatTimestamp } from '../../format';
import { NoCollectionsHint } from '../no-collections-hint';
import '../analysis/analysis.css';

/**
 * Why there are no findings to show, in words: no complete collection by that time, or the
 * collection that answers was never judged (findings are judged after each complete
 * collection). When the newest run failed or was degraded, that is said too: the data is stale.
 */
export function FindingsNotJudged({ answer, at, status }: { answer: FindingsAnswer; at: string | null; status: CollectionStatusReport | null }) {
  const stale = status ? staleNotice(status) : null;
  if (!answer.asOf) {
    return (
      <div className="caveat" role="status" data-testid="findings-not-judged" data-reason="no-collection">
        <p className="caveat__title">{at ? `No complete collection by ${at}` : 'No complete collection yet'}</p>
        <p>Findings are judged on complete collections only, so there is nothing to judge {at ? 'at that time' : 'yet'}.</p>
        {stale ? <p data-testid="findings-stale">Data is stale: {stale}</p> : null}
        {!at ? <NoCollectionsHint /> : null}
      </div>
    );
  }
  const { collectionId, collectedAt } = answer.asOf;
  return (
    <div className="caveat" role="status" data-testid="findings-not-judged" data-reason="not-judged">
      <p className="caveat__title">Findings were not judged for collection {collectionId}</p>
      <p>
        <Link to={`/settings/collections/${collectionId}`}>Collection {collectionId}</Link> ({formatTimestamp(collectedAt)}) answers for this time, but no findings
        were recorded for it. Findings are judged in the background after each complete collection: if this is the newest one they may still
        be being judged (at 100k people that takes about half a minute), so look again shortly; an older one may predate judging.
      </p>
      {stale ? <p data-testid="findings-stale">Data is stale: {stale}</p> : null}
    </div>
  );
}
