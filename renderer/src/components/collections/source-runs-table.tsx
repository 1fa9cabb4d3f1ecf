import type { SourceRunSummary } from '../../../../shared/domain/collection';
import { formatCount } from '../../collection/collection-format';
import { shortHash } from '../../format';
import { StatusBadge } from '../status-badge';
import { FactsDelta } from './facts-delta';
import '../data-table.css';
import './collections.css';

/** One row per source a collection read: how far it got, what it found, and what went wrong. */
export function SourceRunsTable({ sources }: { sources: readonly SourceRunSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table data-table--compact" data-testid="source-runs-table">
        <caption className="visually-hidden">Sources read by this collection</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col">Mode</th>
            <th scope="col" className="num">Pages</th>
            <th scope="col" className="num">Records</th>
            <th scope="col" className="num">Events</th>
            <th scope="col" className="num">Quarantined</th>
            <th scope="col" className="num">Requests</th>
            <th scope="col">Facts</th>
            <th scope="col">Notes and errors</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.sourceId} data-testid="source-run-row" data-source={s.sourceId} data-status={s.status}>
              <td>
                <span className="mono">{s.sourceId}</span>
                {s.kind !== s.sourceId ? <div className="muted">{s.kind}</div> : null}
              </td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td>{s.mode ?? '—'}</td>
              <td className="num">{formatCount(s.pages)}</td>
              <td className="num">{formatCount(s.records)}</td>
              <td className="num">{formatCount(s.events)}</td>
              <td className="num">{formatCount(s.quarantined)}</td>
              <td className="num">{formatCount(s.requests)}</td>
              <td>
                <FactsDelta opened={s.factsOpened} closed={s.factsClosed} />
                {s.contentHash ? (
                  <div className="mono hash" title={s.contentHash}>
                    {shortHash(s.contentHash)}
                  </div>
                ) : null}
              </td>
              <td>
                {s.error ? <p className="cell-error" data-testid="source-run-error">{s.error}</p> : null}
                {s.notes.length > 0 ? (
                  <ul className="cell-notes">
                    {s.notes.map((note) => (
                      <li key={note}>{note}</li>
                    ))}
                  </ul>
                ) : null}
                {!s.error && s.notes.length === 0 ? <span className="muted">—</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
