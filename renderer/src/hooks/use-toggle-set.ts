import { useCallback, useState } from 'react';

/** A set of keys a person opens or closes one at a time (groups, rows): the set and a toggle for one key. */
export function useToggleSet<K>(): [ReadonlySet<K>, (key: K) => void] {
  const [keys, setKeys] = useState<ReadonlySet<K>>(new Set());
  const toggle = useCallback(
    (key: K) =>
      setKeys((current) => {
        const next = new Set(current);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );
  return [keys, toggle];
}
