import type { LeaverLatency, RevocationLatencyReport } from '../../../shared/domain/analysis';

/**
 * Revocation latencies as the Overview draws them. A latency is only known as a range (the
 * access went away somewhere between two polls, unless the audit log gives the exact time),
 * and the verdict against the deadline must say so rather than pick an end of the range:
 * a leaver whose range straddles the deadline is "undetermined", never "on time".
 */
export type DeadlineVerdict =
  /** The whole range is within the deadline (or access went before they left / never existed). */
  | 'within'
  /** Even the shortest possible latency is past the deadline. */
  | 'missed'
  /** Removed, but the poll gap straddles the deadline: cannot say which side. */
  | 'undetermined'
  /** Access remains and the deadline has not passed yet. */
  | 'pending'
  /** Access remains past the deadline. */
  | 'still-active-missed';

export const VERDICT_LABEL: Record<DeadlineVerdict, string> = {
  within: 'Within deadline',
  missed: 'Missed deadline',
  undetermined: 'Undetermined (poll gap spans the deadline)',
  pending: 'Still active, deadline not yet passed',
  'still-active-missed': 'Still active past the deadline',
};

export function deadlineVerdict(latency: LeaverLatency['latency'], deadlineHours: number): DeadlineVerdict {
  const { min, max } = latency.latencyHours;
  if (max === null) return min > deadlineHours ? 'still-active-missed' : 'pending';
  if (min > deadlineHours) return 'missed';
  if (max <= deadlineHours) return 'within';
  return 'undetermined';
}

/** One bar of the range chart: the certain part, the uncertain part, and an open end while access remains. */
export interface LatencyBar {
  key: string;
  label: string;
  email: string | null;
  terminatedAt: string;
  min: number;
  max: number | null;
  /** Drawn solid: at least this long. */
  certain: number;
  /** Drawn light: the poll gap (max - min). */
  uncertain: number;
  /** Drawn hatched up to the axis end: still active, no upper bound yet. */
  open: number;
  verdict: DeadlineVerdict;
  state: LeaverLatency['latency']['state'];
}

export interface LatencyChartData {
  /** Every leaver, longest first (the table). */
  rows: LatencyBar[];
  /** The first `maxBars` of rows (the chart). */
  bars: LatencyBar[];
  /** The axis end in hours: past every known bound and the deadline, with room for the open ends. */
  axisMax: number;
  /** How many leavers the chart leaves out (the table lists them all). */
  omitted: number;
  counts: Record<DeadlineVerdict, number>;
}

/** Longest first, so the worst cases lead; ties by name for a stable order. */
export function latencyChartData(report: RevocationLatencyReport, maxBars = 40): LatencyChartData {
  const deadline = report.deadlineHours;
  const counts: Record<DeadlineVerdict, number> = { within: 0, missed: 0, undetermined: 0, pending: 0, 'still-active-missed': 0 };
  const sorted = [...report.leavers].sort(
    (a, b) => upper(b) - upper(a) || b.latency.latencyHours.min - a.latency.latencyHours.min || nameOf(a).localeCompare(nameOf(b)),
  );
  const known = sorted.flatMap((l) => [l.latency.latencyHours.min, l.latency.latencyHours.max ?? 0]);
  const highest = Math.max(deadline, ...known, 1);
  // Open-ended bars run to the axis end; leave them visible room beyond the largest known value.
  const axisMax = niceCeil(highest * (sorted.some((l) => l.latency.latencyHours.max === null) ? 1.2 : 1.05));
  const bars = sorted.map((l): LatencyBar => {
    const { min, max } = l.latency.latencyHours;
    const verdict = deadlineVerdict(l.latency, deadline);
    counts[verdict] += 1;
    const certain = Math.max(0, min);
    return {
      key: l.identityId,
      label: nameOf(l),
      email: l.email,
      terminatedAt: l.latency.terminatedAt,
      min,
      max,
      certain,
      uncertain: max === null ? 0 : Math.max(0, max - certain),
      open: max === null ? Math.max(0, axisMax - certain) : 0,
      verdict,
      state: l.latency.state,
    };
  });
  return { rows: bars, bars: bars.slice(0, maxBars), axisMax, omitted: Math.max(0, bars.length - maxBars), counts };
}

/** "103.3 h", "58–82 h", "≥ 1,398 h (still active)" */
export function formatLatencyRange(min: number, max: number | null): string {
  if (max === null) return `≥ ${hours(min)} h (still active)`;
  if (max === min) return `${hours(min)} h`;
  return `${hours(min)}–${hours(max)} h`;
}

function hours(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

function upper(l: LeaverLatency): number {
  return l.latency.latencyHours.max ?? Number.POSITIVE_INFINITY;
}

function nameOf(l: LeaverLatency): string {
  return l.displayName ?? l.email ?? l.identityId;
}

/** Rounds up to 1, 2 or 5 times a power of ten, for a tidy axis end. */
export function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
