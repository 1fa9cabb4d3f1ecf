import type { RevocationLatency } from '../../../../shared/domain/analysis';
import { deadlineVerdict, latencyRange, REVOCATION_STATE_LABEL, TERMINATION_BASIS_LABEL } from '../../people/person-format';
import { formatTimestamp } from '../../format';
import './people.css';

const VERDICT_TEXT = {
  met: 'within the deadline',
  missed: 'deadline missed',
  maybe: 'the deadline may have been missed: it falls inside the window the removal happened in',
  pending: 'not yet past the deadline',
  'not-applicable': 'no deadline applies',
} as const;

/**
 * How long the person's Prefect access outlived their leaving: a range, because a removal seen
 * only by polling happened somewhere between the poll that last saw access and the one that
 * first did not. Judged against the policy's offboarding deadline without rounding that away.
 */
export function RevocationLatencyView({ revocation, deadlineHours }: { revocation: RevocationLatency; deadlineHours: number | null }) {
  const verdict = deadlineHours === null ? null : deadlineVerdict(revocation, deadlineHours);
  return (
    <div className="latency" data-testid="revocation-latency" data-state={revocation.state} data-verdict={verdict ?? ''}>
      <p>
        <strong>{REVOCATION_STATE_LABEL[revocation.state]}</strong>. Left{' '}
        <time dateTime={revocation.terminatedAt}>{formatTimestamp(revocation.terminatedAt)}</time> (from {TERMINATION_BASIS_LABEL[revocation.terminationBasis]}).
      </p>
      {revocation.state === 'removed' || revocation.state === 'still-active' ? (
        <p data-testid="revocation-range">
          Access lasted <strong>{latencyRange(revocation.latencyHours)}</strong> after leaving
          {deadlineHours !== null ? (
            <>
              {' '}
              · policy deadline {deadlineHours} h: <span className={`verdict verdict--${verdict}`}>{VERDICT_TEXT[verdict!]}</span>
            </>
          ) : null}
          .
        </p>
      ) : (
        <p>{verdict ? <span className={`verdict verdict--${verdict}`}>{VERDICT_TEXT[verdict]}</span> : null}</p>
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
