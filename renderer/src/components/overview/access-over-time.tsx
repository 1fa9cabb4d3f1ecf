import { Line, LineChart, ResponsiveContainer } from 'recharts';
import type { OrgMetricsPoint } from '../../../../shared/domain/analysis';
import type { AsOfResolution } from '../../analysis/resolve-as-of';
import { accessSeries } from '../../analysis/metrics-series';
import { formatTimestamp } from '../../format';
import { plural } from '../../collection/collection-format';
import { ChartPanel } from './chart-panel';
import { asOfMarker } from './as-of-marker';
import { TIME_CHART_MARGIN, timeAxes } from './time-axes';

const TITLE = 'Active accounts in the identity providers and in Prefect';

/**
 * (a) Active IdP accounts (summed over providers: accounts, not people) against active Prefect
 * user memberships, one point per complete
 * collection. Drawn as steps: a count is known at each poll and assumed to hold until the
 * next one, never interpolated between polls as if we had watched it change.
 */
export function AccessOverTime({ points, resolution }: { points: readonly OrgMetricsPoint[]; resolution: AsOfResolution | null }) {
  const rows = accessSeries(points);
  const idpSources = points.at(-1)?.idpSources ?? 0;
  const last = rows.at(-1) ?? null;
  const first = rows[0] ?? null;
  const summary =
    first && last ? (
      <>
        {plural(rows.length, 'collection')} from {formatTimestamp(first.at)} to {formatTimestamp(last.at)}. At the newest: {last.idpActive} active accounts
        {idpSources > 1 ? ` summed over ${idpSources} identity providers (a person has an account in each, so this is not a head count: People matches them)` : ' in the identity provider'},{' '}
        {last.prefectActive} active Prefect users.
      </>
    ) : (
      'No complete collections yet.'
    );
  return (
    <ChartPanel
      title={TITLE}
      testId="chart-access"
      summary={summary}
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={rows} title={TITLE} desc="Step lines over time; the dashed line marks the as-of collection." margin={TIME_CHART_MARGIN}>
            {timeAxes()}
            {asOfMarker(resolution, last?.t ?? null)}
            <Line type="stepAfter" dataKey="idpActive" name={idpSources > 1 ? `Active IdP accounts (${idpSources} providers)` : 'Active IdP accounts'} stroke="#1f5fa3" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line type="stepAfter" dataKey="prefectActive" name="Active in Prefect" stroke="#c2410c" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <table className="data-table" data-testid="chart-access-table">
          <thead>
            <tr>
              <th scope="col">Collection</th>
              <th scope="col">Finished</th>
              <th scope="col" className="num">
                Active IdP accounts{idpSources > 1 ? ` (${idpSources} providers)` : ''}
              </th>
              <th scope="col" className="num">
                Active in Prefect
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.collectionId} data-collection-id={r.collectionId}>
                <td>{r.collectionId}</td>
                <td className="nowrap">{formatTimestamp(r.at)}</td>
                <td className="num" data-field="idpActive">
                  {r.idpActive}
                </td>
                <td className="num" data-field="prefectActive">
                  {r.prefectActive}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
