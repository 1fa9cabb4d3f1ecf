import { Fragment } from 'react';
import { useToggleSet } from '../hooks/use-toggle-set';
import type { LedgerEntry } from '../../../shared/domain/app';
import { formatTimestamp, shortHash, summarizeDetails } from '../format';
import './data-table.css';

/** Ledger entries newest first; the hash column lets a reader match entries to an export. */
export function LedgerTable({ entries }: { entries: readonly LedgerEntry[] }) {
  // Opened entries show their whole details and full hashes in a row of their own, full width.
  const [open, toggle] = useToggleSet<number>();
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
            const isOpen = open.has(entry.seq);
            return (
              <Fragment key={entry.seq}>
              <tr data-testid="ledger-row" data-seq={entry.seq}>
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
                  {/* A button, not a tooltip: the whole entry opens from the keyboard and can be copied. */}
                  <button
                    type="button"
                    className="ledger-toggle"
                    aria-expanded={isOpen}
                    aria-controls={`ledger-entry-${entry.seq}`}
                    onClick={() => toggle(entry.seq)}
                    data-testid="ledger-toggle"
                  >
                    <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> {details}
                  </button>
                </td>
                <td className="mono hash" title={entry.hash}>
                  {shortHash(entry.hash)}
                </td>
              </tr>
              {isOpen ? (
                <tr className="ledger-entry-full" id={`ledger-entry-${entry.seq}`} data-testid="ledger-entry-full">
                  <td colSpan={7}>
                    <pre className="ledger-details__full">
                      {JSON.stringify(entry.details, null, 2)}
                      {`\n\nhash      ${entry.hash}\nprevious  ${entry.prevHash}`}
                    </pre>
                  </td>
                </tr>
              ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
