import { useEffect, useState } from 'react';

/**
 * `value`, but only once it has stopped changing for `delayMs`: a search box updates its own
 * text on every keystroke, and the expensive filtering follows the pause after typing.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return undefined;
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, settled, delayMs]);
  return settled;
}
