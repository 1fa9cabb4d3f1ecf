import { parseAsOfArg } from '../../shared/domain/time-arg';
import { UsageError } from './command';

/** Parses a time option: an ISO date or time; "now" or absent means now. */
export function parseTime(flag: string, value: unknown, now: Date = new Date()): Date {
  if (value === undefined || value === 'now') return now;
  if (typeof value !== 'string') throw new UsageError(`${flag} needs a date or time`);
  // A bare date means the end of that day (UTC): "what was true on the 3rd" includes the 3rd's poll.
  const time = parseAsOfArg(value, now);
  if (!time) throw new UsageError(`${flag} must be a date (2026-11-03, the end of that day UTC) or a date-time with its zone (2026-11-03T09:00Z, 2026-11-03T09:00+01:00), not "${value}"`);
  if (time === 'future') throw new UsageError(`${flag} ${value.trim()} is in the future: nothing is known about it yet (leave it out for the newest collection)`);
  return time;
}

export function requireString(flag: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}
