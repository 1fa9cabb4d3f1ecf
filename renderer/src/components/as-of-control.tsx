import type { ChangeEvent } from 'react';
import type { SnapshotPoint } from '../../../shared/domain/analysis';
import { atFromPickers, atIsCollection, pickersFromAt, type AsOfResolution } from '../analysis/resolve-as-of';
import { formatTimestamp } from '../format';
import { useResolvedAsOf } from '../hooks/as-of-resolution';
import './as-of-control.css';

const NOW = 'now';
const CUSTOM = 'custom';

/**
 * The global "as of" time in the header: a complete collection, or a date (end of that day,
 * UTC) with an optional time, or Now. It writes `?at=` (hooks/as-of.ts), so every analysis page
 * answers for the same moment, and says which collection answers and until when the state
 * could have changed unseen (the next poll).
 */
export function AsOfControl() {
  const { at, setAt, times, resolution } = useResolvedAsOf();
  const points = times.status === 'ready' ? times.data : [];
  const newestFirst = [...points].sort((a, b) => b.collectionId - a.collectionId);
  const pickers = pickersFromAt(at);
  const matching = newestFirst.find((p) => atIsCollection(at, p));
  const selectValue = at === null ? NOW : matching ? String(matching.collectionId) : CUSTOM;

  const onCollection = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value;
    if (value === NOW) return setAt(null);
    const point = points.find((p) => String(p.collectionId) === value);
    if (point) setAt(point.at);
  };
  const onDate = (event: ChangeEvent<HTMLInputElement>) => {
    const date = event.target.value;
    if (date === '') return setAt(null);
    const next = atFromPickers(date, pickers.time);
    if (next) setAt(next);
  };
  const onTime = (event: ChangeEvent<HTMLInputElement>) => {
    const next = atFromPickers(pickers.date, event.target.value);
    if (next) setAt(next);
  };

  const state = times.status === 'ready' ? (resolution?.kind ?? 'loading') : times.status;
  return (
    <div
      className="as-of"
      role="group"
      aria-labelledby="as-of-label"
      data-testid="as-of-control"
      data-state={state}
      data-at={at ?? ''}
      data-collection-id={resolution?.kind === 'resolved' ? resolution.point.collectionId : ''}
    >
      <div className="as-of__inputs">
        <span id="as-of-label" className="as-of__label">
          As of
        </span>
        <label className="visually-hidden" htmlFor="as-of-collection">
          Collection to answer from
        </label>
        <select id="as-of-collection" className="as-of__select" data-testid="as-of-collection" value={selectValue} onChange={onCollection} disabled={times.status !== 'ready'}>
          <option value={NOW}>Now (newest collection)</option>
          {selectValue === CUSTOM ? (
            <option value={CUSTOM} disabled>
              Chosen date and time
            </option>
          ) : null}
          {newestFirst.map((p) => (
            <option key={p.collectionId} value={p.collectionId}>
              Collection {p.collectionId} · {formatTimestamp(p.at)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="as-of-date">
          Date (UTC; a date alone means the end of that day)
        </label>
        <input id="as-of-date" className="as-of__input" type="date" data-testid="as-of-date" value={pickers.date} onChange={onDate} max={new Date().toISOString().slice(0, 10)} />
        <label className="visually-hidden" htmlFor="as-of-time">
          Time of day (UTC, optional)
        </label>
        <input
          id="as-of-time"
          className="as-of__input"
          type="time"
          data-testid="as-of-time"
          value={pickers.time}
          onChange={onTime}
          disabled={pickers.date === ''}
          title="UTC; leave empty for the end of the day"
        />
        <span className="as-of__zone" aria-hidden="true">
          UTC
        </span>
        <button type="button" className="as-of__now" data-testid="as-of-now" onClick={() => setAt(null)} disabled={at === null}>
          Now
        </button>
      </div>
      <p className="as-of__status" data-testid="as-of-status" aria-live="polite">
        {times.status === 'loading' ? 'Reading the collections…' : null}
        {times.status === 'error' ? (
          <>
            Could not read the collections ({times.error.code}).{' '}
            <button type="button" className="as-of__retry" onClick={times.retry}>
              Retry
            </button>
          </>
        ) : null}
        {times.status === 'ready' && resolution ? <ResolutionText resolution={resolution} /> : null}
      </p>
    </div>
  );
}

/** What answers for the chosen time, and the window the state could have moved in unseen. */
export function ResolutionText({ resolution }: { resolution: AsOfResolution }) {
  switch (resolution.kind) {
    case 'no-collections':
      return <>No complete collection yet: nothing can answer for any time.</>;
    case 'invalid':
      return <>“{resolution.text}” is not a date or time; choose one, or Now.</>;
    case 'before-first':
      return (
        <>
          Nothing answers for {formatTimestamp(resolution.time.toISOString())}: the first complete collection finished {formatTimestamp(resolution.first.at)}.
        </>
      );
    case 'resolved':
      return (
        <>
          Answered by collection <strong data-testid="as-of-answering">{resolution.point.collectionId}</strong>, {formatTimestamp(resolution.point.at)}
          {resolution.latest ? ' (the newest)' : ''}; <Uncertainty next={resolution.next} />
        </>
      );
  }
}

function Uncertainty({ next }: { next: SnapshotPoint | null }) {
  if (!next) return <>changes since then are unseen until the next poll.</>;
  return (
    <>
      changes could have happened unseen until collection {next.collectionId}, {formatTimestamp(next.at)}.
    </>
  );
}
