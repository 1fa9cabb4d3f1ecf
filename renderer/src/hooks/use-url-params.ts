import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A page's own URL parameters (tabs, filters, ranges), so what is on screen is a link. Setting
 * keeps every other parameter (the as-of time above all); empty or null values are removed.
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string | null>, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null>, options: { replace?: boolean } = {}) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(changes)) {
            if (value === null || value === '') next.delete(name);
            else next.set(name, value);
          }
          return next;
        },
        { replace: options.replace ?? false },
      ),
    [setParams],
  );
  return [params, update];
}
