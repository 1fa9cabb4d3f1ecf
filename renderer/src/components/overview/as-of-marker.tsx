import { ReferenceArea, ReferenceLine } from 'recharts';
import type { AsOfResolution } from '../../analysis/resolve-as-of';

/**
 * The as-of time on a time-series chart: a line at the collection that answers, and a shaded
 * band to the next poll (the window the state could have changed in unseen). Returned as an
 * array of recharts elements so they sit directly inside the chart.
 */
export function asOfMarker(resolution: AsOfResolution | null, axisEnd: number | null) {
  if (resolution?.kind !== 'resolved') return [];
  const at = Date.parse(resolution.point.at);
  const until = resolution.next ? Date.parse(resolution.next.at) : axisEnd;
  const parts = [];
  if (until !== null && until > at) {
    parts.push(<ReferenceArea key="as-of-window" className="as-of-window" x1={at} x2={until} fill="#2f7dd1" fillOpacity={0.08} ifOverflow="hidden" />);
  }
  parts.push(
    <ReferenceLine
      key="as-of-line"
      className="as-of-marker"
      x={at}
      stroke="#1d3f66"
      strokeWidth={2}
      strokeDasharray="4 3"
      label={{ value: `as of #${resolution.point.collectionId}`, position: 'insideTopRight', fill: '#1d3f66', fontSize: 11 }}
    />,
  );
  return parts;
}
