import { CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { dayTick } from '../../analysis/metrics-series';
import { formatTimestamp } from '../../format';

/** Room above the plot for the as-of marker's label. */
export const TIME_CHART_MARGIN = { top: 18, right: 24, bottom: 4, left: 0 };

/**
 * The grid, axes, tooltip and legend every over-time chart shares: x is a collection's time
 * (ms), labelled by day; y is a count. An array of recharts elements (like asOfMarker) so they
 * sit directly inside the chart.
 */
export function timeAxes() {
  return [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={dayTick} minTickGap={24} />,
    <YAxis key="y" allowDecimals={false} width={44} />,
    <Tooltip key="tooltip" labelFormatter={(value) => formatTimestamp(new Date(Number(value)).toISOString())} />,
    <Legend key="legend" itemSorter={null} />,
  ];
}
