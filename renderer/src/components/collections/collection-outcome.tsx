import { Link } from 'react-router-dom';
import type { CollectionSummary } from '../../../../shared/domain/collection';
import { collectionProblem, collectionTotals, formatCount, formatDuration, plural } from '../../collection/collection-format';
import { StatusBadge } from '../status-badge';
import './collections.css';

const OUTCOME: Record<CollectionSummary['status'], string> = {
  running: 'is still running',
  complete: 'completed',
  degraded: 'ended degraded',
  failed: 'failed',
  cancelled: 'was cancelled',
};

/** How a run just ended, in one box: status, cost, counts, and the reason when it did not complete. */
export function CollectionOutcome({ summary }: { summary: CollectionSummary }) {
  const totals = collectionTotals(summary);
  const ok = summary.status === 'complete';
  return (
    <div className="outcome" role="status" data-testid="collection-outcome" data-status={summary.status} data-id={summary.id}>
      <StatusBadge status={summary.status} />
      <div className="outcome__text">
        <p>
          <strong>Collection {summary.id}</strong> {OUTCOME[summary.status]} in {formatDuration(summary.durationMs)}:{' '}
          {plural(summary.requestCount, 'request')}, {plural(totals.records, 'record')} from {plural(summary.sources.length, 'source')},{' '}
          {formatCount(totals.quarantined)} quarantined.
        </p>
        {ok ? null : <p className="outcome__error">{collectionProblem(summary)}</p>}
        <p>
          <Link to={`/settings/collections/${summary.id}`}>Details of collection {summary.id}</Link>
          {ok ? null : ' · the previous complete collection stays current.'}
        </p>
      </div>
    </div>
  );
}
