import { Link } from 'react-router-dom';
import type { CollectionStatusReport } from '../../../../shared/domain/collection';
import { formatTimestamp } from '../../format';
import { Panel } from '../panel';
import { StatusBadge } from '../status-badge';
import { CollectionStats } from './collection-stats';
import { ScheduleLine } from './schedule-line';
import './collections.css';

/**
 * The Overview's answer to "how fresh is this?": the last collection with its status and
 * counts, which snapshot is current, and whether a run is going now.
 */
export function LastCollectionPanel({ report }: { report: CollectionStatusReport }) {
  const latest = report.latest;
  if (!latest) return null;
  return (
    <Panel title="Last collection" testId="last-collection" aside={<Link to="/settings/collections">Collection history</Link>}>
      <div className="last-collection" data-status={latest.status} data-id={latest.id}>
        <div className="last-collection__head">
          <span className="last-collection__title">Collection {latest.id}</span>
          <StatusBadge status={latest.status} testId="last-collection-status" />
          <span className="muted">
            {latest.finishedAt ? `finished ${formatTimestamp(latest.finishedAt)}` : `started ${formatTimestamp(latest.startedAt)}`} · {latest.trigger}
          </span>
        </div>
        {latest.status !== 'running' ? <CollectionStats collection={latest} /> : null}
        <p>
          {report.current
            ? report.current.id === latest.id
              ? 'This is the current snapshot: every page shows its data.'
              : `The current snapshot is collection ${report.current.id}, finished ${formatTimestamp(report.current.finishedAt ?? report.current.startedAt)}.`
            : 'No collection has completed yet, so there is no current snapshot.'}{' '}
          {report.running ? <Link to="/settings/collections">Collection {report.running.collectionId} is running now: see its progress.</Link> : null}
        </p>
        <p className="muted">
          Sources from {report.sourcesOrigin}. <ScheduleLine report={report} />
        </p>
      </div>
    </Panel>
  );
}
