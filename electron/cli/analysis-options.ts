import { UsageError } from './command';

/** Parses a time option: an ISO date or time; "now" or absent means now. */
export function parseTime(flag: string, value: unknown, now: Date = new Date()): Date {
  if (value === undefined || value === 'now') return now;
  if (typeof value !== 'string') throw new UsageError(`${flag} needs a date or time`);
  // A bare date means the end of that day (UTC): "what was true on the 3rd" includes the 3rd's poll.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new UsageError(`${flag} must be an ISO date or time (e.g. 2026-11-03 or 2026-11-03T09:00Z), not "${value}"`);
  return time;
}

export function requireString(flag: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}
