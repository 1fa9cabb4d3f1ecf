import { useEffect, useState } from 'react';
import { filterPeopleInSlices, hasActiveFilters, type IndexedPerson, type PeopleFilters } from '../people/people-model';

/**
 * Hands the thread back to the browser and continues in a new task, without setTimeout's
 * 4 ms clamp: a MessageChannel message is the next task, after input and rendering.
 */
function yieldToBrowser(next: () => void): () => void {
  const channel = new MessageChannel();
  let live = true;
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (live) next();
  };
  channel.port2.postMessage(null);
  return () => {
    live = false;
    channel.port1.close();
  };
}

interface Result {
  people: readonly IndexedPerson[];
  filters: PeopleFilters;
  rows: readonly IndexedPerson[];
}

/**
 * The People rows the filters and search keep. With nothing to filter that is the list itself,
 * at once (the first paint needs no extra pass). Otherwise it is computed in slices between
 * browser tasks (filterPeopleInSlices), and until the new result is ready the previous one
 * stays on screen, so the list never flashes empty while typing: `pending` says a newer one is
 * on its way; `rows` is null only before the first filtered result exists.
 */
export function useSlicedFilter(people: readonly IndexedPerson[], filters: PeopleFilters): { rows: readonly IndexedPerson[] | null; pending: boolean } {
  const unfiltered = !hasActiveFilters(filters);
  const [result, setResult] = useState<Result | null>(null);
  useEffect(
    () => (unfiltered ? undefined : filterPeopleInSlices(people, filters, (rows) => setResult({ people, filters, rows }), yieldToBrowser)),
    [people, filters, unfiltered],
  );
  if (unfiltered) return { rows: people, pending: false };
  if (!result) return { rows: null, pending: true };
  return { rows: result.rows, pending: result.people !== people || result.filters !== filters };
}
