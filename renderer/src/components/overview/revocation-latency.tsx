import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RevocationLatencyReport } from '../../../../shared/domain/analysis';
import { VERDICT_LABEL, formatLatencyRange, latencyChartData, type DeadlineVerdict } from '../../analysis/latency-ranges';
import { formatTimestamp } from '../../format';
import { ChartPanel } from './chart-panel';

const TITLE = 'Revocation latency against the offboarding deadline';

const VERDICT_COLOR: Record<DeadlineVerdict, string> = {
  within: '#1c7346',
  missed: '#b42318',
  undetermined: '#d99a1e',
  pending: '#1f5fa3',
  'still-active-missed': '#7f1d1d',
};

const STATE_LABEL: Record<RevocationLatencyReport['leavers'][number]['latency']['state'], string> = {
  'still-active': 'Still active',
  removed: 'Removed',
  'removed-before-termination': 'Removed before leaving',
  'never-had-access': 'No access seen',
};

/**
 * (c) How long each leaver's Prefect access outlived them, as a range: solid up to the
 * certain minimum, light over the poll gap the removal happened in, dashed to the axis end
 * while access remains. The deadline is a vertical line; a range across it is "undetermined".
 */
export function RevocationLatency({ report }: { report: RevocationLatencyReport }) {
  const data = latencyChartData(report);
  const { counts } = data;
  // Bars are keyed by identity (two leavers may share a name); the axis shows the name.
  const labelOf = new Map(data.rows.map((b) => [b.key, b.label]));
  const total = report.leavers.length;
  // Which day an HR date starts on moves every latency by hours: the reader sees the zone (the policy's, UTC when it names none).
  const from = `from the start of the termination day in ${report.terminationTimeZone}`;
  // A past date is measured under the policy its findings were judged under, not today's: say which.
  const under = report.policyVersion === 0 ? 'the built-in default policy' : `policy version ${report.policyVersion}`;
  const summary =
    total === 0 ? (
      <>No leavers with Prefect access in the lookback window at collection {report.asOfCollectionId}. Deadline: {report.deadlineHours} h {from} ({under}).</>
    ) : (
      <>
          {total} leaver{total === 1 ? '' : 's'} at collection {report.asOfCollectionId}, against a deadline of {report.deadlineHours} h {from} ({under}): {counts.within} within,{' '}
          {counts.missed} missed, {counts.undetermined} undetermined (the poll gap spans the deadline), {counts['still-active-missed']} still active past it
          {counts.pending > 0 ? `, ${counts.pending} still active within it` : ''}.
          {data.omitted > 0 ? ` The chart shows the ${data.bars.length} slowest; the table lists all ${total}.` : ''}
      </>
    );
  return (
    <ChartPanel
      title={TITLE}
      testId="chart-latency"
      summary={summary}
      chart={
        total === 0 ? (
          <p className="muted chart__empty">Nothing to draw.</p>
        ) : (
          <>
            <ResponsiveContainer width="100%" height={70 + data.bars.length * 30}>
              <BarChart
                layout="vertical"
                data={data.bars}
                title={TITLE}
                desc="One bar per leaver: solid is certain, light is the poll gap, dashed means access remains; the red line is the deadline."
                margin={{ top: 18, right: 24, bottom: 4, left: 8 }}
                barCategoryGap={6}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" domain={[0, data.axisMax]} allowDataOverflow tickFormatter={hoursTick} />
                <YAxis type="category" dataKey="key" width={150} interval={0} tickFormatter={(key: string) => labelOf.get(key) ?? key} />
                <Tooltip labelFormatter={(key) => labelOf.get(String(key)) ?? String(key)} formatter={(_value, _name, item) => [formatLatencyRange(item.payload.min, item.payload.max), 'Latency']} />
                <Bar dataKey="certain" stackId="latency" name="At least (certain)" isAnimationActive={false}>
                  {data.bars.map((b) => (
                    <Cell key={b.key} fill={VERDICT_COLOR[b.verdict]} />
                  ))}
                </Bar>
                <Bar dataKey="uncertain" stackId="latency" name="Poll gap (uncertain)" fill="#e9b949" fillOpacity={0.45} isAnimationActive={false} />
                <Bar dataKey="open" stackId="latency" name="Still active (no end yet)" fill="#f3d0cb" stroke="#b42318" strokeDasharray="4 3" isAnimationActive={false} />
                <ReferenceLine
                  className="deadline-marker"
                  x={report.deadlineHours}
                  stroke="#b42318"
                  strokeWidth={2}
                  label={{ value: `deadline ${report.deadlineHours} h`, position: 'top', fill: '#b42318', fontSize: 11 }}
                />
              </BarChart>
            </ResponsiveContainer>
            <LatencyKey />
          </>
        )
      }
      table={
        <table className="data-table" data-testid="chart-latency-table">
          <thead>
            <tr>
              <th scope="col">Leaver</th>
              <th scope="col">Left</th>
              <th scope="col">Prefect access</th>
              <th scope="col">Latency</th>
              <th scope="col">Against the deadline</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((b) => (
              <tr key={b.key} data-identity-id={b.key} data-verdict={b.verdict}>
                <td>
                  {b.label}
                  {b.email && b.email !== b.label ? <div className="muted">{b.email}</div> : null}
                </td>
                <td className="nowrap">{formatTimestamp(b.terminatedAt)}</td>
                <td>{STATE_LABEL[b.state]}</td>
                <td className="nowrap" data-field="latency" data-min={b.min} data-max={b.max ?? ''}>
                  {formatLatencyRange(b.min, b.max)}
                </td>
                <td>{VERDICT_LABEL[b.verdict]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** The chart's key in HTML: the bar colours say the verdict, the segments say how sure we are. */
function LatencyKey() {
  const verdicts: DeadlineVerdict[] = ['within', 'undetermined', 'missed', 'pending', 'still-active-missed'];
  return (
    <ul className="chart__key" aria-label="Key">
      {verdicts.map((v) => (
        <li key={v}>
          <span className={`chart__swatch chart__swatch--${v}`} aria-hidden="true" />
          {VERDICT_LABEL[v]}
        </li>
      ))}
      <li>
        <span className="chart__swatch chart__swatch--gap" aria-hidden="true" />
        Poll gap: removed somewhere in here
      </li>
      <li>
        <span className="chart__swatch chart__swatch--open" aria-hidden="true" />
        Still active: no end yet
      </li>
    </ul>
  );
}

/** Axis ticks in hours up to four days, in days beyond (a leaver still active for months reads "190 d", not "4,560 h"). */
export function hoursTick(hours: number): string {
  return hours >= 96 ? `${Math.round(hours / 24)} d` : `${hours} h`;
}
