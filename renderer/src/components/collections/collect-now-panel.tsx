import type { CollectionSummary } from '../../../../shared/domain/collection';
import { useCollectionRun } from '../../hooks/use-collection-run';
import { formatTimestamp } from '../../format';
import { Panel } from '../panel';
import { ErrorState, LoadingState } from '../status-views';
import { StatusBadge } from '../status-badge';
import { CollectionOutcome } from './collection-outcome';
import { ProgressTable } from './progress-table';
import '../button-variants.css';
import './collections.css';

/**
 * "Collect now" with live per-source progress and a Cancel button. A run already going when
 * the page opens (scheduled, or started elsewhere) is shown and can be cancelled too.
 */
export function CollectNowPanel({ origin, onFinished }: { origin: string | null; onFinished: (summary: CollectionSummary | null) => void }) {
  const { state, start, cancel } = useCollectionRun(onFinished);
  const busy = state.phase === 'starting' || state.phase === 'running';
  return (
    <Panel title="Run a collection" testId="collect-now">
      <div className="collect-now" data-testid="collect-now-body" data-phase={state.phase}>
        <div className="collect-now__bar">
          <p className="collect-now__intro">
            Reads every source{origin ? ` (${origin})` : ''} and stores the result as a new snapshot. A run that fails or is
            cancelled is recorded, and never replaces the current snapshot.
          </p>
          <div className="collect-now__buttons">
            {state.phase === 'running' ? (
              <button type="button" className="button button--danger" onClick={() => void cancel()} disabled={state.cancelling} data-testid="collect-cancel">
                {state.cancelling ? 'Cancelling…' : 'Cancel collection'}
              </button>
            ) : (
              <button type="button" className="button" onClick={() => void start()} disabled={busy} data-testid="collect-now-button">
                {state.phase === 'starting' ? 'Starting…' : 'Collect now'}
              </button>
            )}
          </div>
        </div>

        {state.phase === 'starting' ? <LoadingState label="Starting the collection…" /> : null}
        {state.phase === 'start-failed' ? <ErrorState title="Could not start a collection" error={state.error} /> : null}
        {state.phase === 'running' ? (
          <div className="stack" data-testid="collect-progress" data-id={state.collectionId}>
            <p className="progress-head" role="status">
              <StatusBadge status="running" />
              Collection {state.collectionId} is running
              {state.progress ? <span className="muted"> since {formatTimestamp(state.progress.startedAt)}</span> : null}
            </p>
            {state.progress ? <ProgressTable progress={state.progress} /> : <LoadingState label="Waiting for the first progress report…" />}
            {state.pollError ? <ErrorState title="Progress is not updating" error={state.pollError} /> : null}
            {state.cancelError ? <ErrorState title="Could not cancel" error={state.cancelError} /> : null}
          </div>
        ) : null}
        {state.phase === 'finished' ? (
          <div className="stack" data-testid="collect-finished">
            {state.summary ? <CollectionOutcome summary={state.summary} /> : null}
            {state.summaryError ? <ErrorState title={`Collection ${state.collectionId} ended, but its summary could not be read`} error={state.summaryError} /> : null}
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
