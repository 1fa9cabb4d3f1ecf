import { useCallback, useEffect, useRef, useState } from 'react';
import type { LedgerApi } from '../../../shared/api/contract';
import { useLedgerClient } from '../api/client-context';
import { asApiCallError, type QueryState } from './use-api-query';

export type RefreshableQuery<T> = QueryState<T> & {
  /** Reloads showing the loading state (after an error). */
  retry: () => void;
  /** Reloads in the background, keeping what is shown (after a save, or when a run ends). */
  refresh: () => Promise<void>;
};

/**
 * Like useApiQuery, but a refresh keeps the current data on screen: forms and tables stay put
 * while the list is re-read after a change. A failed background refresh shows the error.
 */
export function useRefreshableQuery<T>(load: (api: LedgerApi) => Promise<T>, deps: readonly unknown[]): RefreshableQuery<T> {
  const api = useLedgerClient();
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // Each load gets a number; only the newest may write, so a slow early answer never wins.
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    loadRef.current(api).then(
      (data) => mine === generation.current && setState({ status: 'ready', data }),
      (error: unknown) => mine === generation.current && setState({ status: 'error', error: asApiCallError(error) }),
    );
    return () => {
      generation.current += 1;
    };
  }, [api, attempt, ...deps]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await loadRef.current(api);
      if (mine === generation.current) setState({ status: 'ready', data });
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', error: asApiCallError(error) });
    }
  }, [api]);
  return { ...state, retry, refresh };
}
