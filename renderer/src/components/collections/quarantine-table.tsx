import type { QuarantinePage } from '../../../../shared/domain/collection';
import { formatCount } from '../../collection/collection-format';
import '../data-table.css';
import './collections.css';

/**
 * What a collection refused, one row each: the source, the kind of record, where it came from
 * (a roster line, an API page) and why. The evidence behind "degraded"; none of it counts as access.
 */
export function QuarantineTable({ page }: { page: QuarantinePage }) {
  return (
    <div className="stack">
      {page.items.length < page.total ? (
        <p className="muted" data-testid="quarantine-shown">
          The first {formatCount(page.items.length)} of {formatCount(page.total)}; <code>access-ledger collect --json</code> and the{' '}
          <code>quarantine</code> table hold them all.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data-table data-table--compact" data-testid="quarantine-table">
          <caption className="visually-hidden">Records this collection quarantined, with the reason for each</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Kind</th>
              <th scope="col">Where</th>
              <th scope="col">Why it was refused</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((q, i) => (
              <tr key={i} data-testid="quarantine-row" data-source={q.sourceId}>
                <td className="mono">{q.sourceId}</td>
                <td className="mono">{q.kind}</td>
                <td className="mono">{q.location}</td>
                <td>{q.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
