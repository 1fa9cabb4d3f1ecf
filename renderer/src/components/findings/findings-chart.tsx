import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES, SEVERITY_LABELS, type RuleCount } from '../../findings/findings-view';
import { SEVERITY_COLOR } from '../overview/severity-colors';
import { ChartFigure } from '../analysis/chart-figure';
import { SeverityColumnHeads } from '../analysis/severity-columns';

/**
 * Findings by rule, stacked by severity, with the same numbers as a table (the chart's text
 * equivalent, and what a screen reader reads).
 */
export function FindingsChart({ rows }: { rows: RuleCount[] }) {
  const height = Math.max(140, rows.length * 34 + 70);
  return (
    <ChartFigure
      caption="Findings shown, by rule and severity"
      testId="findings-chart"
      tableTestId="findings-chart-table"
      chart={
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={210} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend itemSorter={null} />
            {SEVERITIES.map((s) => (
              <Bar key={s} dataKey={s} name={SEVERITY_LABELS[s]} stackId="severity" fill={SEVERITY_COLOR[s]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      head={
        <tr>
          <th scope="col">Rule</th>
          <SeverityColumnHeads />
        </tr>
      }
      rows={rows.map((r) => (
        <tr key={r.rule} data-testid="findings-chart-row" data-rule={r.rule} data-total={r.total}>
          <th scope="row">{r.label}</th>
          {SEVERITIES.map((s) => (
            <td key={s} className="num">
              {r[s]}
            </td>
          ))}
          <td className="num">{r.total}</td>
        </tr>
      ))}
    />
  );
}
