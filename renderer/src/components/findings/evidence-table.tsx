import { Link } from 'react-router-dom';
import type { Evidence } from '../../../../shared/domain/analysis';
import { excerptLines } from '../../findings/finding-details';
import { formatTimestamp } from '../../format';
import '../data-table.css';

/**
 * A finding's evidence: each stored fact version (source, kind, key) with the collections it
 * held over, linked, or each event with when it happened; and the fields a person reads.
 */
export function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="evidence-table">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Kind</th>
            <th scope="col">Key</th>
            <th scope="col">Held over (collections) / happened</th>
            <th scope="col">What it says</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e, i) => (
            <tr key={`${e.sourceId}:${e.kind}:${e.key}:${i}`} data-testid="evidence-row" data-kind={e.kind}>
              <td>{e.sourceId}</td>
              <td>
                <code>{e.kind}</code>
              </td>
              <td className="mono">{e.key}</td>
              <td className="nowrap">
                {e.collections ? (
                  <span data-testid="evidence-collections">
                    from{' '}
                    <Link to={`/settings/collections/${e.collections.from}`} data-testid="evidence-from">
                      collection {e.collections.from}
                    </Link>
                    {e.collections.to === null ? (
                      <>, still holds</>
                    ) : (
                      <>
                        , changed or gone in{' '}
                        <Link to={`/settings/collections/${e.collections.to}`} data-testid="evidence-to">
                          collection {e.collections.to}
                        </Link>
                      </>
                    )}
                  </span>
                ) : null}
                {e.occurredAt ? (
                  <span data-testid="evidence-occurred">
                    {e.collections ? <br /> : null}
                    event at <time dateTime={e.occurredAt}>{formatTimestamp(e.occurredAt)}</time>
                  </span>
                ) : null}
                {!e.collections && !e.occurredAt ? <span className="muted">—</span> : null}
              </td>
              <td>
                <ul className="bullet-list">
                  {excerptLines(e.excerpt).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
