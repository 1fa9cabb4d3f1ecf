import type { CollectionStatus, SourceRunStatus } from '../../../shared/domain/collection';
import { STATUS_LABELS } from '../collection/collection-format';
import './status-badge.css';

/**
 * The status of a collection or of one source's read, in words and colour (never colour alone),
 * so complete, degraded, failed and cancelled runs are told apart at a glance.
 */
export function StatusBadge({ status, testId }: { status: CollectionStatus | SourceRunStatus; testId?: string }) {
  return (
    <span className={`badge badge--${status}`} data-status={status} data-testid={testId}>
      {STATUS_LABELS[status]}
    </span>
  );
}
