import type { AsOfResolution } from '../../analysis/resolve-as-of';
import { ResolutionText } from '../as-of-control';
import { NoCollectionsHint } from '../no-collections-hint';
import { EmptyState } from '../status-views';

/** A page that answers "as of T" when nothing can: no collection yet, or none by T (and why). */
export function NoAnswerState({ resolution, testId }: { resolution: AsOfResolution; testId?: string }) {
  return (
    <EmptyState title={resolution.kind === 'no-collections' ? 'No collections yet' : 'Nothing answers for this time'} {...(testId ? { testId } : {})}>
      {resolution.kind === 'no-collections' ? (
        <NoCollectionsHint />
      ) : (
        <p>
          <ResolutionText resolution={resolution} />
        </p>
      )}
    </EmptyState>
  );
}
