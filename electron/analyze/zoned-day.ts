/**
 * Calendar days in an IANA time zone, with Intl only. An HR roster's termination date is a day
 * of the organisation's calendar: in Tokyo it starts 9 h before 00:00 UTC, so measuring from
 * UTC midnight would call a removal 30 h after the local start of the day "21 h", on time
 * against a 24 h deadline. `UTC` takes the exact path the app always took.
 */

const HOUR_MS = 3_600_000;
/** Wider than any UTC offset a zone has had (today -12 h to +14 h), so both sides of a change on the day are seen. */
const SEARCH_SPAN_MS = 16 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Leavers share few dates: each (zone, date) is worked out once per process. */
const starts = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // RangeError for an unknown zone: the policy schema refuses one before it can reach here.
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at `ms`, read as if it were UTC: its difference from `ms` is the zone's offset then. */
function wallClock(ms: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0-99 are not moved to the 1900s.
  wall.setUTCFullYear(part('year'), part('month') - 1, part('day'));
  wall.setUTCHours(part('hour') % 24, part('minute'), part('second'), ((ms % 1000) + 1000) % 1000);
  return wall.getTime();
}

const offsetAt = (ms: number, timeZone: string) => wallClock(ms, timeZone) - ms;

function midnightAsUtc(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a YYYY-MM-DD date: "${date}"`);
  return Date.parse(`${date}T00:00:00.000Z`);
}

/**
 * The epoch ms at which `date` (YYYY-MM-DD) begins in `timeZone`: its 00:00, or, where a
 * daylight-saving change skips midnight, the moment the clocks jump into the day. Where
 * midnight happens twice, the first.
 */
export function startOfDay(date: string, timeZone: string): number {
  const midnight = midnightAsUtc(date);
  if (timeZone === 'UTC') return midnight;
  const key = `${timeZone}\u0000${date}`;
  const known = starts.get(key);
  if (known !== undefined) return known;
  // 00:00 local is midnight minus the offset in force then; that offset is one of those in
  // force within a day of it (a zone changes offset at most once in so short a span).
  const offsets = new Set([-SEARCH_SPAN_MS, 0, SEARCH_SPAN_MS].map((d) => offsetAt(midnight + d, timeZone)));
  let start: number | null = null;
  for (const offset of offsets) {
    const t = midnight - offset;
    if (wallClock(t, timeZone) === midnight && (start === null || t < start)) start = t;
  }
  start ??= firstInstantFrom(midnight, timeZone);
  starts.set(key, start);
  return start;
}

/** Midnight skipped: the first second whose wall clock reads the day or later (the clocks only move forward here). */
function firstInstantFrom(midnight: number, timeZone: string): number {
  let before = midnight - SEARCH_SPAN_MS;
  let after = midnight + SEARCH_SPAN_MS;
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (wallClock(mid, timeZone) >= midnight) after = mid;
    else before = mid;
  }
  return after;
}

/**
 * The start of `date` in `timeZone` written with the zone's offset then
 * ("2026-05-01T00:00:00.000+09:00"): the same instant as startOfDay, and its first ten
 * characters are still the date. UTC keeps the "Z" form.
 */
export function startOfDayIso(date: string, timeZone: string): string {
  const start = startOfDay(date, timeZone);
  const offset = timeZone === 'UTC' ? 0 : offsetAt(start, timeZone);
  // ISO 8601 offsets have no seconds: a zone's early local mean time (before ~1900) is written in UTC.
  if (offset === 0 || offset % 60_000 !== 0) return new Date(start).toISOString();
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset > 0 ? '+' : '-';
  return `${new Date(start + offset).toISOString().slice(0, 23)}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The calendar date (YYYY-MM-DD) of the instant `ms` in `timeZone`. */
export function dayOf(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return new Date(ms).toISOString().slice(0, 10);
  return new Date(wallClock(ms, timeZone)).toISOString().slice(0, 10);
}
