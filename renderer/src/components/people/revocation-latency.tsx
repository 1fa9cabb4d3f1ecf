import type { RevocationLatency } from '../../../../shared/domain/analysis';
import { latencyRange, REVOCATION_STATE_LABEL, TERMINATION_BASIS_LABEL } from '../../people/person-format';
import { deadlineVerdict, VERDICT_LABEL } from '../../analysis/latency-ranges';
import { formatTimestamp } from '../../format';
import './people.css';

/**
 * How long the person's Prefect access outlived their leaving: a range, because a removal seen
 * only by polling happened somewhere between the poll that last saw access and the one that
 * first did not. Judged against the policy's offboarding deadline without rounding that away.
 */
export function RevocationLatencyView({ revocation, deadlineHours }: { revocation: RevocationLatency; deadlineHours: number | null }) {
  // A deadline applies only to access that outlived the leaving (removed after, or still there);
  // the verdict is the one the Overview gives, so a leaver reads the same everywhere.
  const applies = revocation.state === 'removed' || revocation.state === 'still-active';
  const verdict = applies && deadlineHours !== null ? deadlineVerdict(revocation, deadlineHours) : null;
  return (
    <div className="latency" data-testid="revocation-latency" data-state={revocation.state} data-verdict={verdict ?? ''}>
      <p>
        <strong>{REVOCATION_STATE_LABEL[revocation.state]}</strong>. Left{' '}
        <time dateTime={revocation.terminatedAt}>{formatTimestamp(revocation.terminatedAt)}</time> (from {TERMINATION_BASIS_LABEL[revocation.terminationBasis]}).
      </p>
      {revocation.state === 'removed' || revocation.state === 'still-active' ? (
        <p data-testid="revocation-range">
          Access lasted <strong>{latencyRange(revocation.latencyHours)}</strong> after leaving
          {verdict ? (
            <>
              {' '}
              · policy deadline {deadlineHours} h: <span className={`verdict verdict--${verdict}`}>{VERDICT_LABEL[verdict]}</span>
            </>
          ) : null}
          .
        </p>
      ) : (
        <p className="muted">No offboarding deadline applies: no Prefect access outlived the leaving.</p>
      )}
      <ul className="person-list">
        {revocation.lastSeenWithAccess ? (
          <li>
            Last seen with access by collection {revocation.lastSeenWithAccess.collectionId} at {formatTimestamp(revocation.lastSeenWithAccess.at)}
          </li>
        ) : null}
        {revocation.firstSeenWithout ? (
          <li>
            First seen without access by collection {revocation.firstSeenWithout.collectionId} at {formatTimestamp(revocation.firstSeenWithout.at)}
          </li>
        ) : null}
        {revocation.removedAt ? <li>Removed at {formatTimestamp(revocation.removedAt)} (from the audit log: exact)</li> : null}
        {revocation.state === 'removed' && !revocation.removedAt ? <li>No audit event: the removal time is known only to the window between those polls.</li> : null}
      </ul>
    </div>
  );
}
