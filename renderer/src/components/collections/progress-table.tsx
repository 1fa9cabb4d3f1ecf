import type { CollectionProgress } from '../../../../shared/domain/collection';
import { formatCount } from '../../collection/collection-format';
import { StatusBadge } from '../status-badge';
import '../data-table.css';
import './collections.css';

/**
 * Live progress per source while a collection runs: phase, pages, records, quarantine, and
 * rate-limit waits spelled out, so a slow run reads as "waiting for Okta" rather than stuck.
 */
export function ProgressTable({ progress }: { progress: CollectionProgress }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="progress-table">
        <caption className="visually-hidden">Progress of collection {progress.collectionId} by source</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col">Phase</th>
            <th scope="col" className="num">Pages</th>
            <th scope="col" className="num">Records</th>
            <th scope="col" className="num">Quarantined</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {progress.sources.map((s) => (
            <tr key={s.sourceId} data-testid="progress-row" data-source={s.sourceId} data-status={s.status}>
              <td>
                <span className="mono">{s.sourceId}</span>
                {s.kind !== s.sourceId ? <span className="muted"> ({s.kind})</span> : null}
              </td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td>{s.phase}</td>
              <td className="num">{formatCount(s.pages)}</td>
              <td className="num">{formatCount(s.records)}</td>
              <td className="num">{formatCount(s.quarantined)}</td>
              <td className={s.waitingMs > 0 ? 'progress-wait' : 'muted'}>
                {s.message ?? (s.waitingMs > 0 ? `waiting ${Math.ceil(s.waitingMs / 1000)} s for the rate limit` : '—')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
