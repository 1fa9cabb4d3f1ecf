import type { CollectionStatusReport } from '../../../../shared/domain/collection';
import { formatTimestamp } from '../../format';

/** Whether collections run on their own, how often, and when the next one starts. */
export function ScheduleLine({ report }: { report: CollectionStatusReport }) {
  if (!report.scheduleMinutes) {
    return (
      <span data-testid="schedule-line" data-scheduled="false">
        No schedule: collect with "Collect now", or set <code>collection.intervalMinutes</code> (5 to 10080) in Settings › General.
      </span>
    );
  }
  return (
    <span data-testid="schedule-line" data-scheduled="true">
      Collected every {report.scheduleMinutes} minutes
      {report.nextRunAt ? (
        <>
          ; the next run starts about <time dateTime={report.nextRunAt}>{formatTimestamp(report.nextRunAt)}</time>
        </>
      ) : null}
      .
    </span>
  );
}
