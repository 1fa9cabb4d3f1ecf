import type { LedgerEntry } from '../../../shared/domain/app';
import { formatTimestamp, shortHash, summarizeDetails } from '../format';
import './data-table.css';

/** Ledger entries newest first; the hash column lets a reader match entries to an export. */
export function LedgerTable({ entries }: { entries: readonly LedgerEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="ledger-table">
        <caption className="visually-hidden">Ledger entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Seq
            </th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Subject</th>
            <th scope="col">Details</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const details = summarizeDetails(entry.details);
            return (
              <tr key={entry.seq} data-testid="ledger-row" data-seq={entry.seq}>
                <td className="num">{entry.seq}</td>
                <td className="nowrap">
                  <time dateTime={entry.at}>{formatTimestamp(entry.at)}</time>
                </td>
                <td>{entry.actor}</td>
                <td>
                  <span className="tag">{entry.action}</span>
                </td>
                <td className="mono">{entry.subject}</td>
                <td className="mono details">
                  {/* Native disclosure: the whole entry can be opened from the keyboard and copied, not only hovered. */}
                  <details data-testid="ledger-details">
                    <summary>{details}</summary>
                    <pre className="ledger-details__full">
                      {JSON.stringify(entry.details, null, 2)}
                      {`\n\nhash      ${entry.hash}\nprevious  ${entry.prevHash}`}
                    </pre>
                  </details>
                </td>
                <td className="mono hash" title={entry.hash}>
                  {shortHash(entry.hash)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
