import { Area, AreaChart, ResponsiveContainer } from 'recharts';
import type { OrgMetricsPoint } from '../../../../shared/domain/analysis';
import type { AsOfResolution } from '../../analysis/resolve-as-of';
import { findingsSeries } from '../../analysis/metrics-series';
import { SEVERITIES, SEVERITY_LABELS } from '../../findings/findings-view';
import { formatTimestamp } from '../../format';
import { SeverityColumnHeads } from '../analysis/severity-columns';
import { ChartPanel } from './chart-panel';
import { asOfMarker } from './as-of-marker';
import { TIME_CHART_MARGIN, timeAxes } from './time-axes';
import { SEVERITY_COLOR } from './severity-colors';

const TITLE = 'Open findings by severity';

/**
 * (b) Open findings per complete collection, stacked by severity. Collections for which no
 * findings were recorded are left out (and counted in the summary), not drawn as zero.
 */
export function FindingsOverTime({ points, resolution }: { points: readonly OrgMetricsPoint[]; resolution: AsOfResolution | null }) {
  const { rows, unjudged } = findingsSeries(points);
  const last = rows.at(-1) ?? null;
  const summary = last ? (
    <>
      {last.total} open at the newest judged collection ({last.critical} critical, {last.high} high, {last.medium} medium, {last.low} low).
      {unjudged > 0 ? ` ${unjudged} collection${unjudged === 1 ? ' has' : 's have'} no recorded findings and ${unjudged === 1 ? 'is' : 'are'} left out.` : ''}
    </>
  ) : (
    'No findings have been recorded for any collection yet.'
  );
  return (
    <ChartPanel
      title={TITLE}
      testId="chart-findings"
      summary={summary}
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <AreaChart data={rows} title={TITLE} desc="Stacked areas over time, one per severity; the dashed line marks the as-of collection." margin={TIME_CHART_MARGIN}>
            {timeAxes()}
            {asOfMarker(resolution, last?.t ?? null)}
            {SEVERITIES.map((s) => (
              <Area
                key={s}
                type="stepAfter"
                dataKey={s}
                name={SEVERITY_LABELS[s]}
                stackId="severity"
                stroke={SEVERITY_COLOR[s]}
                fill={SEVERITY_COLOR[s]}
                fillOpacity={0.75}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      }
      table={
        <table className="data-table" data-testid="chart-findings-table">
          <thead>
            <tr>
              <th scope="col">Collection</th>
              <th scope="col">Finished</th>
              <SeverityColumnHeads />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.collectionId} data-collection-id={r.collectionId}>
                <td>{r.collectionId}</td>
                <td className="nowrap">{formatTimestamp(r.at)}</td>
                {SEVERITIES.map((s) => (
                  <td key={s} className="num" data-field={s}>
                    {r[s]}
                  </td>
                ))}
                <td className="num" data-field="total">
                  {r.total}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
