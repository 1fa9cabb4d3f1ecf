import { CartesianGrid, ErrorBar, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimelineEvent } from '../../../../shared/domain/analysis';
import { LANES, LANE_LABEL, precisionLabel } from '../../people/person-format';
import type { RevocationMarks, TimelinePoint, TimelineWindow } from '../../people/timeline-data';
import { axisTicks, pointsByLane } from '../../people/timeline-data';
import { formatTimestamp } from '../../format';
import './people.css';

const LANE_COLOR: Record<string, string> = {
  hr: '#1d3f66',
  idp: '#2f7dd1',
  group: '#4b8fbf',
  prefect: '#1c7346',
  team: '#4d9a6b',
  grant: '#7a5bb5',
  finding: '#b42318',
  link: '#8a5300',
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hourOfDay = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
/** A removal window narrower than this is drawn as a line. */
const MIN_AREA_MS = 60_000;

/**
 * The person's timeline on one time axis, one lane per kind of event. A change first seen by a
 * poll is drawn at that poll with a bar back to the poll before: it happened somewhere in that
 * axis, and the chart does not pretend to know where. The chart is a picture (role img);
 * the table beside it holds the same events as text.
 */
export function PersonTimelineChart({
  events,
  axis,
  marks,
  label,
}: {
  events: readonly TimelineEvent[];
  axis: TimelineWindow;
  marks: RevocationMarks | null;
  label: string;
}) {
  const byLane = pointsByLane(events, axis);
  const ticks = axisTicks(axis.from, axis.to);
  const shown = [...byLane.values()].reduce((n, list) => n + list.length, 0);
  return (
    <figure className="timeline-figure" data-testid="timeline-chart" data-points={shown}>
      <div className="timeline-chart" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 24, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={[axis.from, axis.to]}
              scale="time"
              ticks={ticks}
              tickFormatter={ticks.length > 1 && ticks[1]! - ticks[0]! < 86_400_000 ? hourOfDay : day}
              allowDataOverflow
              name="Time"
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[-0.5, LANES.length - 0.5]}
              ticks={LANES.map((_, i) => i)}
              tickFormatter={(i: number) => LANE_LABEL[LANES[i] ?? 'hr']}
              reversed
              width={112}
              interval={0}
              name="Lane"
            />
            {marks?.removal ? (
              // Access certainly outlived the leaving until the last poll that still saw it.
              <ReferenceArea x1={Math.max(marks.terminatedAt, axis.from)} x2={Math.min(marks.removal.from, axis.to)} fill="#b42318" fillOpacity={0.07} ifOverflow="hidden" />
            ) : null}
            {marks?.removal && (marks.removal.to === null || marks.removal.to - marks.removal.from >= MIN_AREA_MS) ? (
              // The window the removal happened in (to the chart's end while access remains).
              <ReferenceArea x1={Math.max(marks.removal.from, axis.from)} x2={Math.min(marks.removal.to ?? axis.to, axis.to)} fill="#8a5300" fillOpacity={0.16} ifOverflow="hidden" />
            ) : null}
            {marks?.removal && marks.removal.to !== null && marks.removal.to - marks.removal.from < MIN_AREA_MS ? (
              // Removal time known exactly (from the audit log): a line, not a window.
              <ReferenceLine x={marks.removal.from} stroke="#1c7346" strokeWidth={2} ifOverflow="hidden" />
            ) : null}
            {marks ? <ReferenceLine x={marks.terminatedAt} stroke="#1b2430" strokeDasharray="4 2" ifOverflow="hidden" /> : null}
            {marks ? <ReferenceLine x={marks.deadlineAt} stroke="#b42318" strokeWidth={2} ifOverflow="hidden" /> : null}
            <Tooltip content={<PointTooltip />} cursor={false} isAnimationActive={false} />
            {[...byLane.entries()].map(([lane, points]) => (
              <Scatter key={lane} name={LANE_LABEL[lane]} data={points} fill={LANE_COLOR[lane]} isAnimationActive={false}>
                <ErrorBar dataKey="range" direction="x" width={0} strokeWidth={6} stroke={LANE_COLOR[lane]} strokeOpacity={0.35} isAnimationActive={false} />
              </Scatter>
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="timeline-legend">
        <span>
          <span className="timeline-legend__swatch timeline-legend__swatch--range" aria-hidden="true" />A bar to the left of a point: first seen by that
          poll, happened after the poll before.
        </span>
        {marks ? (
          <>
            <span>
              <span className="timeline-legend__swatch timeline-legend__swatch--left" aria-hidden="true" />
              Left (termination)
            </span>
            <span>
              <span className="timeline-legend__swatch timeline-legend__swatch--deadline" aria-hidden="true" />
              Offboarding deadline (policy)
            </span>
            <span>
              <span className="timeline-legend__swatch timeline-legend__swatch--after" aria-hidden="true" />
              Prefect access after leaving
            </span>
            <span>
              <span className="timeline-legend__swatch timeline-legend__swatch--window" aria-hidden="true" />
              Removed somewhere in here (between polls), or still active
            </span>
            <span>
              <span className="timeline-legend__swatch timeline-legend__swatch--removed" aria-hidden="true" />
              Removed (exact, from the audit log)
            </span>
          </>
        ) : null}
        {axis.hiddenBefore > 0 ? <span>{axis.hiddenBefore} earlier event(s) are outside the chart’s range; the list has them.</span> : null}
      </figcaption>
    </figure>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: TimelinePoint }[] }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  const e = point.event;
  return (
    <div className="timeline-tooltip">
      <p>
        <strong>{e.summary}</strong>
      </p>
      <p>
        {e.precision === 'between-polls' && e.after ? (
          <>
            between {formatTimestamp(e.after)} and {formatTimestamp(e.at)}
          </>
        ) : (
          formatTimestamp(e.at)
        )}
      </p>
      <p className="muted">
        {LANE_LABEL[e.lane]} · {precisionLabel(e)}
      </p>
    </div>
  );
}
