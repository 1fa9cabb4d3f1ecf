import { Bar, BarChart, CartesianGrid, Rectangle, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { ChangeKind } from '../../../../shared/domain/analysis';
import { CHANGE_KINDS, CHANGE_LABELS } from '../../access-diff/diff-view';
import { ChartFigure } from '../analysis/chart-figure';

const COLORS: Record<ChangeKind, string> = { added: '#1c7346', removed: '#b42318', 'role-up': '#d9730d', 'role-down': '#1f5fa3', 'grants-changed': '#8a96a6' };

/** Each bar in its kind's colour (the kind is also the bar's label, so colour is never the only cue). */
function kindBar(props: BarShapeProps) {
  const kind = (props.payload as { kind?: ChangeKind } | undefined)?.kind;
  return <Rectangle {...props} fill={kind ? COLORS[kind] : props.fill} />;
}

/** The diff's counts by change kind (the API's own counts), as bars and as a table. */
export function ChangeKindChart({ counts }: { counts: Record<ChangeKind, number> }) {
  const data = CHANGE_KINDS.map((kind) => ({ kind, label: CHANGE_LABELS[kind], count: counts[kind] }));
  return (
    <ChartFigure
      caption="Changes by kind"
      testId="diff-chart"
      tableTestId="diff-counts-table"
      chart={
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" name="Changes" isAnimationActive={false} shape={kindBar} />
          </BarChart>
        </ResponsiveContainer>
      }
      head={
        <tr>
          <th scope="col">Change</th>
          <th scope="col" className="num">
            Count
          </th>
        </tr>
      }
      rows={data.map((d) => (
        <tr key={d.kind} data-testid="diff-count" data-kind={d.kind} data-count={d.count}>
          <th scope="row">{d.label}</th>
          <td className="num">{d.count}</td>
        </tr>
      ))}
    />
  );
}
