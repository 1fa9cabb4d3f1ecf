import type { RevocationLatency, TimelineEvent, TimelineLane } from '../../../shared/domain/analysis';
import { LANES } from './person-format';

/**
 * The person's timeline as chart points: one lane per kind of event, each point at the time
 * it was seen, and for a change first seen by a poll, the window it could have happened in
 * (from the poll before, `after`, to the one that saw it, `at`) as a range to the left.
 */
export interface TimelinePoint {
  /** Milliseconds since the epoch: when it happened, or when a poll first saw it. */
  x: number;
  /** The lane's row, 0 at the top. */
  y: number;
  lane: TimelineLane;
  /** ErrorBar's [lower, upper] extent around x: how much earlier it may have happened. */
  range: [number, number];
  event: TimelineEvent;
}

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function laneIndex(lane: TimelineLane): number {
  return LANES.indexOf(lane);
}

/** The earliest time a change could have happened: `after` for a between-polls change, else `at`. */
export function earliestPossible(event: TimelineEvent): number {
  const at = Date.parse(event.at);
  if (event.precision === 'between-polls' && event.after) return Math.min(at, Date.parse(event.after));
  return at;
}

export function toPoint(event: TimelineEvent): TimelinePoint {
  const x = Date.parse(event.at);
  return { x, y: laneIndex(event.lane), lane: event.lane, range: [x - earliestPossible(event), 0], event };
}

export interface TimelineWindow {
  from: number;
  to: number;
  /** Events left out because they are older than `from` (shown in the list only). */
  hiddenBefore: number;
}

/**
 * The chart's time axis. By default it starts a little before the first collection: older
 * events (a hire date years ago, "first seen" facts) would squeeze the months we have polls
 * for into a sliver. `whole` spans every event. Revocation marks (termination, deadline)
 * are kept inside the window.
 */
export function timelineWindow(
  events: readonly TimelineEvent[],
  options: { firstCollectionAt: string | null; now: number; whole: boolean; marks?: readonly number[] },
): TimelineWindow {
  const times = events.flatMap((e) => [Date.parse(e.at), earliestPossible(e)]).concat(options.marks ?? []);
  const latest = Math.max(options.now, ...times);
  const earliest = times.length > 0 ? Math.min(...times) : options.now - 30 * DAY_MS;
  let from = earliest;
  if (!options.whole && options.firstCollectionAt) {
    const marksFrom = options.marks && options.marks.length > 0 ? Math.min(...options.marks) : Number.POSITIVE_INFINITY;
    from = Math.max(earliest, Math.min(Date.parse(options.firstCollectionAt) - 2 * DAY_MS, marksFrom - DAY_MS));
  }
  const span = Math.max(latest - from, DAY_MS);
  const hiddenBefore = events.filter((e) => Date.parse(e.at) < from).length;
  return { from: from - span * 0.02, to: latest + span * 0.02, hiddenBefore };
}

/** Points inside the window, grouped by lane (one chart series each). */
export function pointsByLane(events: readonly TimelineEvent[], window: TimelineWindow): Map<TimelineLane, TimelinePoint[]> {
  const out = new Map<TimelineLane, TimelinePoint[]>();
  for (const event of events) {
    const point = toPoint(event);
    if (point.x < window.from || point.x > window.to) continue;
    // A range that starts before the window is cut at its edge rather than drawn off the chart.
    if (point.x - point.range[0] < window.from) point.range = [point.x - window.from, 0];
    const list = out.get(event.lane) ?? [];
    list.push(point);
    out.set(event.lane, list);
  }
  return out;
}

/**
 * Where the revocation marks go on the axis: the termination, the deadline, the time access
 * certainly outlived the leaving (termination .. termination + min latency), and the window the
 * removal happened in (min .. max; `to` null while access remains).
 */
export interface RevocationMarks {
  terminatedAt: number;
  deadlineAt: number;
  removal: { from: number; to: number | null } | null;
}

/** About `count` ticks on whole UTC days (or hours, for a short span), so labels read as dates. */
export function axisTicks(from: number, to: number, count = 7): number[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const steps = [HOUR_MS, 6 * HOUR_MS, DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS, 30 * DAY_MS, 91 * DAY_MS, 182 * DAY_MS, 365 * DAY_MS, 730 * DAY_MS, 1826 * DAY_MS];
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1]!;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

export function revocationMarks(revocation: RevocationLatency, deadlineHours: number): RevocationMarks {
  const terminatedAt = Date.parse(revocation.terminatedAt);
  const { min, max } = revocation.latencyHours;
  const hasRemovalWindow = revocation.state === 'removed' || revocation.state === 'still-active';
  return {
    terminatedAt,
    deadlineAt: terminatedAt + deadlineHours * HOUR_MS,
    removal: hasRemovalWindow ? { from: terminatedAt + min * HOUR_MS, to: max === null ? null : terminatedAt + max * HOUR_MS } : null,
  };
}
