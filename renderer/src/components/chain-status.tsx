import type { LedgerVerification } from '../../../shared/domain/app';
import { shortHash } from '../format';
import './chain-status.css';

/**
 * The result of re-hashing the whole ledger: either "intact" with the head hash (which an
 * auditor can write down and compare later) or exactly where the chain broke.
 */
export function ChainStatus({ result }: { result: LedgerVerification }) {
  if (!result.ok && result.disagreements.length > 0) {
    // The chain itself is intact; the tables no longer say what it recorded.
    return (
      <div className="chain chain--broken" role="alert" data-testid="chain-status" data-ok="false">
        <span className="chain__badge">Tables disagree</span>
        <div className="chain__text">
          <p>The hash chain is intact ({result.checked} entries), but the stored records no longer say what it recorded:</p>
          <ul data-testid="chain-disagreements">
            {result.disagreements.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
          <p className="chain__note">A snapshot or policy version was changed or removed outside the app; answers that rely on it cannot be trusted.</p>
        </div>
      </div>
    );
  }
  if (!result.ok) {
    return (
      <div className="chain chain--broken" role="alert" data-testid="chain-status" data-ok="false">
        <span className="chain__badge">Chain broken</span>
        <div className="chain__text">
          <p>
            {result.brokenAt !== null ? `The chain breaks at entry #${result.brokenAt}` : 'The chain does not verify'}
            {result.problem ? `: ${result.problem}` : '.'}
          </p>
          <p className="chain__note">
            Entries from that point on cannot be trusted as recorded. {result.checked} entries were checked.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="chain chain--ok" data-testid="chain-status" data-ok="true" data-checked={result.checked}>
      <span className="chain__badge">Chain intact</span>
      <div className="chain__text">
        {result.checked === 0 ? (
          <p>The ledger is empty: nothing has been recorded yet, so there is nothing to verify.</p>
        ) : (
          <>
            <p>
              {result.checked} {result.checked === 1 ? 'entry' : 'entries'} verified, each hash linking to the one before; the collections, policy versions, recorded findings and retired sources agree with what it recorded.
            </p>
            <p className="chain__note">
              Head: entry #{result.headSeq}, hash{' '}
              <code title={result.headHash} data-testid="chain-head-hash">
                {shortHash(result.headHash)}
              </code>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
