import { Link } from 'react-router-dom';
import type { AsOf } from '../../../../shared/domain/analysis';
import { formatTimestamp } from '../../format';
import './analysis.css';

/**
 * Which complete collection an answer comes from, and the window in which the state could
 * have changed without being seen (until the next complete collection). Every analysis
 * answer shows this: "as of T" is only as good as the poll behind it.
 */
export function AnswerSource({
  asOf,
  label = 'Answer from',
  testId = 'answer-source',
  showWindow = true,
}: {
  asOf: AsOf;
  label?: string;
  testId?: string;
  /** A diff's ends leave it out: the diff does include what changed between its two collections. */
  showWindow?: boolean;
}) {
  const { uncertainty } = asOf;
  return (
    <p className="answer-source" data-testid={testId} data-collection={asOf.collectionId}>
      <span className="answer-source__label">{label}</span>{' '}
      <Link to={`/settings/collections/${asOf.collectionId}`}>collection {asOf.collectionId}</Link>, collected{' '}
      <time dateTime={asOf.collectedAt}>{formatTimestamp(asOf.collectedAt)}</time>.{' '}
      {showWindow ? (
        <span className="muted" data-testid={`${testId}-window`}>
          {uncertainty.to ? (
            <>
              Changes between then and the next collection (<time dateTime={uncertainty.to}>{formatTimestamp(uncertainty.to)}</time>) are not seen in
              this answer.
            </>
          ) : (
            <>No later complete collection yet: changes since then are not seen.</>
          )}
        </span>
      ) : null}
    </p>
  );
}
