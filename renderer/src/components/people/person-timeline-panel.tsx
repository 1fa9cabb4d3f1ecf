import { useMemo, useState } from 'react';
import type { PersonTimeline } from '../../../../shared/domain/analysis';
import type { QueryResult } from '../../hooks/use-api-query';
import { revocationMarks, timelineWindow } from '../../people/timeline-data';
import { Panel } from '../panel';
import { ErrorState, LoadingState } from '../status-views';
import { PersonTimelineChart } from './person-timeline-chart';
import { PersonTimelineList } from './person-timeline-list';
import { RevocationLatencyView } from './revocation-latency';
import './people.css';

/**
 * The person's whole history (not only the as-of time): the chart, the revocation latency when
 * they have left, and the same events as a table.
 */
export function PersonTimelinePanel({
  timeline,
  deadlineHours,
  firstCollectionAt,
  lastCollectionAt,
}: {
  timeline: QueryResult<PersonTimeline | null>;
  deadlineHours: number | null;
  firstCollectionAt: string | null;
  /** The axis runs at least to the newest collection: quiet weeks are part of the story. */
  lastCollectionAt: string | null;
}) {
  const [whole, setWhole] = useState(false);
  const data = timeline.status === 'ready' ? timeline.data : null;
  const marks = useMemo(() => (data?.revocation && deadlineHours !== null ? revocationMarks(data.revocation, deadlineHours) : null), [data, deadlineHours]);
  const axis = useMemo(() => {
    if (!data) return null;
    const markTimes = marks ? [marks.terminatedAt, marks.deadlineAt, ...(marks.removal ? [marks.removal.from] : [])] : [];
    // "Now" for the axis: the newest collection, event or mark; never the viewer's clock.
    const newest = Math.max(0, lastCollectionAt ? Date.parse(lastCollectionAt) : 0, ...data.events.map((e) => Date.parse(e.at)), ...markTimes);
    return timelineWindow(data.events, { firstCollectionAt, now: newest, whole, marks: markTimes });
  }, [data, marks, firstCollectionAt, lastCollectionAt, whole]);

  return (
    <Panel
      title="Timeline"
      testId="person-timeline"
      aside={
        data && data.events.length > 0 ? (
          <button type="button" className="button button--secondary button--small" aria-pressed={whole} onClick={() => setWhole((w) => !w)} data-testid="timeline-whole">
            {whole ? 'Since the first collection' : 'Whole history'}
          </button>
        ) : null
      }
    >
      {timeline.status === 'loading' ? <LoadingState label="Loading the timeline…" /> : null}
      {timeline.status === 'error' ? <ErrorState title="Could not load the timeline" error={timeline.error} onRetry={timeline.retry} /> : null}
      {timeline.status === 'ready' && !data ? <p className="muted">No collections yet.</p> : null}
      {data && axis ? (
        <div className="stack" data-testid="timeline-body" data-events={data.events.length}>
          {data.revocation ? (
            <section aria-label="Revocation latency">
              <h3 className="person-subhead">Revocation latency</h3>
              <RevocationLatencyView revocation={data.revocation} deadlineHours={deadlineHours} />
            </section>
          ) : null}
          {data.events.length === 0 ? (
            <p className="muted" data-testid="timeline-empty">
              Nothing recorded for this person.
            </p>
          ) : (
            <>
              <PersonTimelineChart
                events={data.events}
                axis={axis}
                marks={marks}
                label={`Timeline of ${data.displayName ?? data.email}: ${data.events.length} events in lanes HR, IdP, groups, Prefect, teams, grants, findings and links. The table below lists the same events.`}
              />
              <PersonTimelineList events={data.events} />
            </>
          )}
        </div>
      ) : null}
    </Panel>
  );
}
