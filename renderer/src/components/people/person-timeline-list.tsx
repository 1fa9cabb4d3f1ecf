import { Link } from 'react-router-dom';
import type { TimelineEvent } from '../../../../shared/domain/analysis';
import { LANE_LABEL, precisionLabel } from '../../people/person-format';
import { formatTimestamp } from '../../format';
import '../data-table.css';
import './people.css';

/** The same events as the chart, as a table: the accessible (and exact) reading of the timeline. */
export function PersonTimelineList({ events }: { events: readonly TimelineEvent[] }) {
  return (
    <div className="timeline-table-wrap">
      <table className="data-table timeline-table" data-testid="timeline-table">
        <caption className="visually-hidden">Timeline events, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Lane</th>
            <th scope="col">What</th>
            <th scope="col">How well the time is known</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={`${e.at}-${e.type}-${e.evidence.key}-${i}`} data-testid="timeline-row" data-lane={e.lane} data-precision={e.precision}>
              <td className="nowrap">
                {e.precision === 'between-polls' && e.after ? (
                  <>
                    <time dateTime={e.after}>{formatTimestamp(e.after)}</time> –<br />
                    <time dateTime={e.at}>{formatTimestamp(e.at)}</time>
                  </>
                ) : e.precision === 'date' ? (
                  <time dateTime={e.at.slice(0, 10)}>{e.at.slice(0, 10)}</time>
                ) : (
                  <time dateTime={e.at}>{formatTimestamp(e.at)}</time>
                )}
              </td>
              <td>{LANE_LABEL[e.lane]}</td>
              <td>
                {e.summary}
                {e.sourceId ? <span className="muted"> · {e.sourceId}</span> : null}
              </td>
              <td>{precisionLabel(e)}</td>
              <td>
                <EvidenceCell event={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EvidenceCell({ event }: { event: TimelineEvent }) {
  const { kind, key, collections } = event.evidence;
  if (kind === 'finding') {
    return <Link to={`/findings/${encodeURIComponent(key)}`}>finding {key.slice(0, 8)}…</Link>;
  }
  return (
    <span className="fact-ref">
      <span className="mono">{kind}</span>{' '}
      <span className="mono fact-ref__key" title={key}>
        {key.length > 14 ? `${key.slice(0, 13)}…` : key}
      </span>
      {collections ? (
        <span className="muted">
          {' '}
          from <Link to={`/settings/collections/${collections.from}`}>collection {collections.from}</Link>
          {collections.to !== null ? (
            <>
              {' '}
              to <Link to={`/settings/collections/${collections.to}`}>{collections.to}</Link>
            </>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}
