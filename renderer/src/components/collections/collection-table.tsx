import { Link } from 'react-router-dom';
import type { CollectionSummary } from '../../../../shared/domain/collection';
import { collectionTotals, formatCount, formatDuration } from '../../collection/collection-format';
import { formatTimestamp, shortHash } from '../../format';
import { StatusBadge } from '../status-badge';
import { FactsDelta } from './facts-delta';
import '../data-table.css';
import './collections.css';

/**
 * Collection history, newest first: what each run was, how it ended, what it cost (duration,
 * requests) and what it changed. The current snapshot is marked, so a failed run above it
 * is plainly not what the data comes from.
 */
export function CollectionTable({ collections, currentId }: { collections: readonly CollectionSummary[]; currentId: number | null }) {
  return (
    <div className="table-wrap">
      <table className="data-table data-table--compact" data-testid="collection-table">
        <caption className="visually-hidden">Collections, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Collection / trigger</th>
            <th scope="col">Status</th>
            <th scope="col">Started (UTC) / duration</th>
            <th scope="col" className="num">Requests</th>
            <th scope="col" className="num">Records</th>
            <th scope="col" className="num">Quarantined</th>
            <th scope="col">Facts</th>
            <th scope="col">Content hash</th>
          </tr>
        </thead>
        <tbody>
          {collections.map((c) => {
            const totals = collectionTotals(c);
            return (
              <tr key={c.id} data-testid="collection-row" data-id={c.id} data-status={c.status}>
                <td>
                  <Link className="collection-link" to={`/settings/collections/${c.id}`} aria-label={`Collection ${c.id}, ${c.status}: details`}>
                    #{c.id}
                  </Link>
                  {c.id === currentId ? <span className="current-tag">current</span> : null}
                  <div className="muted">{c.trigger}</div>
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td className="nowrap">
                  <time dateTime={c.startedAt}>{formatTimestamp(c.startedAt).replace(/ UTC$/, '')}</time>
                  <div className="muted">{c.status === 'running' ? 'running' : formatDuration(c.durationMs)}</div>
                </td>
                <td className="num">{formatCount(c.requestCount)}</td>
                <td className="num">{formatCount(totals.records)}</td>
                <td className="num">{formatCount(totals.quarantined)}</td>
                <td>
                  <FactsDelta opened={totals.factsOpened} closed={totals.factsClosed} />
                </td>
                <td className="mono hash" title={c.contentHash ?? 'no content hash: nothing was stored'}>
                  {c.contentHash ? shortHash(c.contentHash) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
