import { useCallback, useEffect, useRef, useState } from 'react';
import type { LedgerEntry } from '../../../shared/domain/app';
import { useLedgerClient } from '../api/client-context';
import type { ApiCallError } from '../api/ledger-client';
import { asApiCallError } from './use-api-query';

export const LEDGER_PAGE_SIZE = 50;

export type LedgerPagesState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiCallError }
  | {
      status: 'ready';
      entries: LedgerEntry[];
      total: number;
      nextBeforeSeq: number | null;
      loadingMore: boolean;
      moreError: ApiCallError | null;
    };

/**
 * The ledger newest-first, one page at a time: the first page on mount, older pages appended
 * by `loadMore` (keyed on nextBeforeSeq, so entries added meanwhile never shift the paging).
 */
export function useLedgerPages(): { state: LedgerPagesState; loadMore: () => void; reload: () => void } {
  const api = useLedgerClient();
  const [state, setState] = useState<LedgerPagesState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    api.listLedger({ limit: LEDGER_PAGE_SIZE }).then(
      (page) =>
        live &&
        setState({ status: 'ready', entries: page.entries, total: page.total, nextBeforeSeq: page.nextBeforeSeq, loadingMore: false, moreError: null }),
      (error: unknown) => live && setState({ status: 'error', error: asApiCallError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  // loadMore reads the latest state through a ref: starting a request inside a state updater
  // would run it twice under StrictMode.
  const latest = useRef(state);
  latest.current = state;
  const loadMore = useCallback(() => {
    const current = latest.current;
    if (current.status !== 'ready' || current.loadingMore || current.nextBeforeSeq === null) return;
    const beforeSeq = current.nextBeforeSeq;
    setState({ ...current, loadingMore: true, moreError: null });
    api.listLedger({ limit: LEDGER_PAGE_SIZE, beforeSeq }).then(
      (page) =>
        setState((s) =>
          s.status === 'ready' && s.nextBeforeSeq === beforeSeq
            ? { ...s, entries: [...s.entries, ...page.entries], total: page.total, nextBeforeSeq: page.nextBeforeSeq, loadingMore: false }
            : s,
        ),
      (error: unknown) => setState((s) => (s.status === 'ready' ? { ...s, loadingMore: false, moreError: asApiCallError(error) } : s)),
    );
  }, [api]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, loadMore, reload };
}
