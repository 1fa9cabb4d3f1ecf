import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollectionProgress, CollectionSummary } from '../../../shared/domain/collection';
import { useLedgerClient } from '../api/client-context';
import type { ApiCallError } from '../api/ledger-client';
import { asApiCallError } from './use-api-query';

/** How often a running collection's progress is read. */
export const PROGRESS_POLL_MS = 500;

export type CollectionRunState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | {
      phase: 'running';
      collectionId: number;
      progress: CollectionProgress | null;
      cancelling: boolean;
      /** The last poll failed; polling goes on, slower. */
      pollError: ApiCallError | null;
      cancelError: ApiCallError | null;
    }
  | { phase: 'finished'; collectionId: number; progress: CollectionProgress | null; summary: CollectionSummary | null; summaryError: ApiCallError | null }
  | { phase: 'start-failed'; error: ApiCallError };

/**
 * Starts a collection, follows it by polling collectionProgress until it is no longer running,
 * and cancels it on request. Also picks up a run already going when the page opens (started by
 * the schedule, the CLI or another window). `onFinished` runs once per run, with its summary.
 */
/** Collections this window started: the page that started one shows its outcome, so no "newer data" notice is due. */
export const startedHere = new Set<number>();

export function useCollectionRun(onFinished: (summary: CollectionSummary | null) => void) {
  const api = useLedgerClient();
  const [state, setState] = useState<CollectionRunState>({ phase: 'idle' });
  const finished = useRef(onFinished);
  finished.current = onFinished;

  // Attach to a run that is already going.
  useEffect(() => {
    let live = true;
    api.collectionProgress({}).then(
      (progress) => {
        if (!live || !progress || progress.status !== 'running') return;
        setState((s) => (s.phase === 'idle' ? running(progress.collectionId, progress) : s));
      },
      () => undefined, // no progress to show; the history still loads on its own
    );
    return () => {
      live = false;
    };
  }, [api]);

  const runningId = state.phase === 'running' ? state.collectionId : null;
  useEffect(() => {
    if (runningId === null) return;
    const id = runningId;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      let progress: CollectionProgress | null;
      try {
        progress = await api.collectionProgress({});
      } catch (error) {
        if (!live) return;
        setState((s) => (s.phase === 'running' && s.collectionId === id ? { ...s, pollError: asApiCallError(error) } : s));
        timer = setTimeout(tick, PROGRESS_POLL_MS * 4);
        return;
      }
      if (!live) return;
      const mine = progress && progress.collectionId === id ? progress : null;
      if (mine && mine.status === 'running') {
        setState((s) => (s.phase === 'running' && s.collectionId === id ? { ...s, progress: mine, pollError: null } : s));
        timer = setTimeout(tick, PROGRESS_POLL_MS);
        return;
      }
      let summary: CollectionSummary | null = null;
      let summaryError: ApiCallError | null = null;
      try {
        summary = await api.getCollection({ id });
      } catch (error) {
        summaryError = asApiCallError(error);
      }
      if (!live) return;
      setState((s) => {
        const last = mine ?? (s.phase === 'running' ? s.progress : null);
        return { phase: 'finished', collectionId: id, progress: last, summary, summaryError };
      });
      finished.current(summary);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [api, runningId]);

  const start = useCallback(async () => {
    setState({ phase: 'starting' });
    try {
      const { collectionId } = await api.startCollection({});
      startedHere.add(collectionId);
      setState(running(collectionId, null));
    } catch (error) {
      const failure = asApiCallError(error);
      // Another run is going (the schedule, the CLI, another window): follow that one instead.
      const other = failure.code === 'CONFLICT' ? await api.collectionProgress({}).catch(() => null) : null;
      setState(other && other.status === 'running' ? running(other.collectionId, other) : { phase: 'start-failed', error: failure });
    }
  }, [api]);

  const cancel = useCallback(async () => {
    if (runningId === null) return;
    setState((s) => (s.phase === 'running' ? { ...s, cancelling: true, cancelError: null } : s));
    try {
      await api.cancelCollection({ collectionId: runningId });
      // Polling shows the outcome; if the run had already ended, the next poll says so.
    } catch (error) {
      setState((s) => (s.phase === 'running' ? { ...s, cancelling: false, cancelError: asApiCallError(error) } : s));
    }
  }, [api, runningId]);

  return { state, start, cancel };
}

function running(collectionId: number, progress: CollectionProgress | null): CollectionRunState {
  return { phase: 'running', collectionId, progress, cancelling: false, pollError: null, cancelError: null };
}
