import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { SnapshotPoint } from '../../../shared/domain/analysis';
import { resolveAsOfClient, type AsOfResolution } from '../analysis/resolve-as-of';
import { useAsOf, type AsOfControl } from './as-of';
import { useApiQuery, type QueryResult } from './use-api-query';
import { useCollectionStatus } from './collection-status-context';

export interface ResolvedAsOf extends AsOfControl {
  /** The complete collections (snapshotTimes), reloaded whenever a new one becomes current. */
  times: QueryResult<SnapshotPoint[]>;
  /** Which collection answers for `at`; null until the collection list has loaded. */
  resolution: AsOfResolution | null;
}

const ResolvedAsOfContext = createContext<ResolvedAsOf | null>(null);

/**
 * One copy of the collection list for the header's as-of control and the pages that want to
 * know, before asking the API, which collection will answer (Overview's chart marker). Lives
 * inside CollectionStatusProvider: a newly completed collection changes the current id, which
 * reloads the list so "now" moves on.
 */
export function ResolvedAsOfProvider({ children }: { children: ReactNode }) {
  const { at, setAt } = useAsOf();
  const status = useCollectionStatus();
  const currentId = status.status === 'ready' ? (status.data.current?.id ?? null) : null;
  const times = useApiQuery((api) => api.snapshotTimes({}), [currentId]);
  const points = times.status === 'ready' ? times.data : null;
  const resolution = useMemo(() => (points ? resolveAsOfClient(points, at) : null), [points, at]);
  return <ResolvedAsOfContext.Provider value={{ at, setAt, times, resolution }}>{children}</ResolvedAsOfContext.Provider>;
}

/** The as-of time, the collection list and the resolution; throws outside the provider (a wiring bug). */
export function useResolvedAsOf(): ResolvedAsOf {
  const value = useContext(ResolvedAsOfContext);
  if (!value) throw new Error('useResolvedAsOf used outside ResolvedAsOfProvider');
  return value;
}

/**
 * Whether a page that answers "as of T" should ask the API: only when a complete collection
 * answers for T, or T is unreadable (the API names the problem). Otherwise `noAnswer` says
 * why nothing can (no collection yet, or none by T): an honest empty state, not a failed call.
 */
export function useAnswerableAsOf(): ResolvedAsOf & { ask: boolean; noAnswer: AsOfResolution | null; answering: number | null } {
  const resolved = useResolvedAsOf();
  const { resolution } = resolved;
  const ask = resolution?.kind === 'resolved' || resolution?.kind === 'invalid';
  return {
    ...resolved,
    ask,
    noAnswer: resolution && !ask ? resolution : null,
    answering: resolution?.kind === 'resolved' ? resolution.point.collectionId : null,
  };
}
