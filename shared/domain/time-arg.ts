/**
 * Reads a time a person typed or picked: an ISO date means the END of that day (UTC), so
 * "what was true on the 3rd" includes the 3rd's poll; an ISO date-time is taken as given.
 * Null when the text is not a valid time. Shared by the API, the CLI and the UI's pickers,
 * so the same text means the same instant everywhere.
 */
export function parseTimeArg(text: string): Date | null {
  const trimmed = text.trim();
  const full = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T23:59:59.999Z` : trimmed;
  const time = new Date(full);
  return Number.isNaN(time.getTime()) ? null : time;
}
