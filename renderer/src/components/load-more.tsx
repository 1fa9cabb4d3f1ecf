import { ErrorState } from './status-views';
import type { ApiCallError } from '../api/ledger-client';

/** The foot of a paged table: why older rows could not load, and the button that loads them. */
export function LoadMore(props: {
  what: string;
  hasMore: boolean;
  loading: boolean;
  error: ApiCallError | null | undefined;
  onLoad: () => void;
  testId: string;
}) {
  return (
    <>
      {props.error ? <ErrorState title={`Could not load older ${props.what}`} error={props.error} onRetry={props.onLoad} /> : null}
      {props.hasMore ? (
        <div className="table-footer">
          <button type="button" className="button button--secondary" onClick={props.onLoad} disabled={props.loading} data-testid={props.testId}>
            {props.loading ? 'Loading…' : `Show older ${props.what}`}
          </button>
        </div>
      ) : null}
    </>
  );
}
