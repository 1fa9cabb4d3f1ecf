import type { CollectionSummary } from '../../../../shared/domain/collection';
import { collectionTotals, formatCount, formatDuration } from '../../collection/collection-format';
import { FactsDelta } from './facts-delta';
import './collections.css';

/** A collection's headline numbers as tiles: size, cost and how much changed. */
export function CollectionStats({ collection }: { collection: CollectionSummary }) {
  const totals = collectionTotals(collection);
  return (
    <dl className="stat-grid">
      <div className="stat">
        <dt>Sources</dt>
        <dd>{collection.sources.length}</dd>
      </div>
      <div className="stat">
        <dt>Duration</dt>
        <dd>{formatDuration(collection.durationMs)}</dd>
      </div>
      <div className="stat">
        <dt>Requests</dt>
        <dd>{formatCount(collection.requestCount)}</dd>
      </div>
      <div className="stat">
        <dt>Records</dt>
        <dd>{formatCount(totals.records)}</dd>
      </div>
      <div className="stat">
        <dt>Quarantined</dt>
        <dd>{formatCount(totals.quarantined)}</dd>
      </div>
      <div className="stat">
        <dt>Facts changed</dt>
        <dd>
          <FactsDelta opened={totals.factsOpened} closed={totals.factsClosed} />
        </dd>
      </div>
    </dl>
  );
}
