/**
 * Whether this runtime's Intl knows `name` as a time zone ("Asia/Tokyo", "UTC"). Offsets such
 * as "+09:00" are refused: only newer runtimes accept them, and a policy must mean the same
 * on every machine that reads it.
 */
export function isKnownTimeZone(name: string): boolean {
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The refusal of a zone Intl does not know, naming the value and what to write instead. */
export const unknownTimeZoneMessage = (name: unknown): string => `unknown time zone ${JSON.stringify(name)}; use an IANA name such as Europe/Berlin`;
