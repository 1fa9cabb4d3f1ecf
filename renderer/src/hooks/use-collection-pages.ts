import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollectionSummary } from '../../../shared/domain/collection';
import { useLedgerClient } from '../api/client-context';
import type { ApiCallError } from '../api/ledger-client';
import { asApiCallError } from './use-api-query';

export const COLLECTION_PAGE_SIZE = 50;

export type CollectionPagesState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiCallError }
  | { status: 'ready'; items: CollectionSummary[]; hasMore: boolean; loadingMore: boolean; moreError: ApiCallError | null };

/**
 * Collection history newest first, one page at a time (a year of daily polls is 365 rows).
 * Older pages follow the last id shown (beforeId); `refresh` re-reads the newest page quietly
 * after a run, keeping the table on screen.
 */
export function useCollectionPages() {
  const api = useLedgerClient();
  const [state, setState] = useState<CollectionPagesState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);

  const firstPage = useCallback(
    async (mine: number) => {
      try {
        const items = await api.listCollections({ limit: COLLECTION_PAGE_SIZE });
        if (mine === generation.current) setState({ status: 'ready', items, hasMore: items.length === COLLECTION_PAGE_SIZE, loadingMore: false, moreError: null });
      } catch (error) {
        if (mine === generation.current) setState({ status: 'error', error: asApiCallError(error) });
      }
    },
    [api],
  );

  useEffect(() => {
    setState({ status: 'loading' });
    void firstPage(++generation.current);
    return () => {
      generation.current += 1;
    };
  }, [firstPage, attempt]);

  const latest = useRef(state);
  latest.current = state;
  const loadMore = useCallback(() => {
    const current = latest.current;
    if (current.status !== 'ready' || current.loadingMore || !current.hasMore) return;
    const beforeId = current.items[current.items.length - 1]?.id;
    if (beforeId === undefined) return;
    const mine = generation.current;
    setState({ ...current, loadingMore: true, moreError: null });
    api.listCollections({ limit: COLLECTION_PAGE_SIZE, beforeId }).then(
      (older) =>
        mine === generation.current &&
        setState((s) =>
          s.status === 'ready' ? { ...s, items: [...s.items, ...older], hasMore: older.length === COLLECTION_PAGE_SIZE, loadingMore: false } : s,
        ),
      (error: unknown) =>
        mine === generation.current && setState((s) => (s.status === 'ready' ? { ...s, loadingMore: false, moreError: asApiCallError(error) } : s)),
    );
  }, [api]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const refresh = useCallback(() => firstPage(++generation.current), [firstPage]);
  return { state, loadMore, retry, refresh };
}
