import { parseTimeArg } from '../../shared/domain/time-arg';
import { UsageError } from './command';

/** Parses a time option: an ISO date or time; "now" or absent means now. */
export function parseTime(flag: string, value: unknown, now: Date = new Date()): Date {
  if (value === undefined || value === 'now') return now;
  if (typeof value !== 'string') throw new UsageError(`${flag} needs a date or time`);
  // A bare date means the end of that day (UTC): "what was true on the 3rd" includes the 3rd's poll.
  const time = parseTimeArg(value);
  if (!time) throw new UsageError(`${flag} must be a date (2026-11-03, the end of that day UTC) or a date-time with its zone (2026-11-03T09:00Z, 2026-11-03T09:00+01:00), not "${value}"`);
  return time;
}

export function requireString(flag: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}
