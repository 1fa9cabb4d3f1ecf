import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The global "as of" time every analysis page answers for. It lives in the URL (`?at=`), so a
 * link to "People as of 3 March" opens exactly that, reload keeps it, and Back undoes a change.
 * `at` is the text the API takes (an ISO date means the end of that day, UTC; a date-time
 * carries its zone); null means now (the newest complete collection).
 */
export interface AsOfControl {
  at: string | null;
  setAt(at: string | null): void;
}

export const AS_OF_PARAM = 'at';

export function useAsOf(): AsOfControl {
  const [params, setParams] = useSearchParams();
  const at = params.get(AS_OF_PARAM);
  const setAt = useCallback(
    (next: string | null) => {
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next) copy.set(AS_OF_PARAM, next);
          else copy.delete(AS_OF_PARAM);
          return copy;
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return { at: at && at.trim() !== '' ? at : null, setAt };
}

/** The API's `at` argument for the current as-of (omitted for now). */
export function asOfArgs(at: string | null): { at?: string } {
  return at ? { at } : {};
}

/** A link to another page that keeps the as-of time. */
export function withAsOf(path: string, at: string | null): string {
  if (!at) return path;
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}${AS_OF_PARAM}=${encodeURIComponent(at)}`;
}
