import { useCallback, useEffect, useState } from 'react';
import type { LedgerApi } from '../../../shared/api/contract';
import { useLedgerClient } from '../api/client-context';
import { ApiCallError } from '../api/ledger-client';

export type QueryState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiCallError }
  | { status: 'ready'; data: T };

export type QueryResult<T> = QueryState<T> & { retry: () => void };

/**
 * Loads one thing from the API and tracks loading / error / ready, so every page shows the
 * same honest states. `retry` reloads; `deps` work like useEffect's.
 */
export function useApiQuery<T>(load: (api: LedgerApi) => Promise<T>, deps: readonly unknown[]): QueryResult<T> {
  const api = useLedgerClient();
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load(api).then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => live && setState({ status: 'error', error: asApiCallError(error) }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `deps` say when to reload.
  }, [api, attempt, ...deps]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}

/** Anything thrown below the client that is not already an ApiCallError (a renderer bug). */
export function asApiCallError(error: unknown): ApiCallError {
  if (error instanceof ApiCallError) return error;
  return new ApiCallError('INTERNAL', error instanceof Error ? error.message : String(error));
}
