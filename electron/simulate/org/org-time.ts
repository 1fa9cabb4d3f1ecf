/**
 * Date arithmetic for the simulated calendar, in UTC only, so a seed gives the same history
 * in every time zone. Days are whole UTC days; a simulated day runs [midnight, next midnight).
 */
export const DAY_MS = 86_400_000;

/** Midnight UTC of an ISO date or time, as epoch ms. */
export function startOfDayMs(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`not an ISO date or time: "${iso}"`);
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** YYYY-MM-DD of an epoch ms or ISO string. */
export function isoDate(t: number | string): string {
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return datePrefix(Math.floor(ms / DAY_MS)).slice(0, 10);
}

const datePrefixes = new Map<number, string>();
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** "YYYY-MM-DDT" of a day number (days since the epoch), cached. */
function datePrefix(day: number): string {
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (datePrefixes.size > 50_000) datePrefixes.clear();
    datePrefixes.set(day, prefix);
  }
  return prefix;
}

/**
 * Date.prototype.toISOString, faster: the generator formats hundreds of thousands of times, and
 * only a few thousand distinct days. Same output for years 0000-9999.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const prefix = datePrefix(day);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${prefix}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(rest - s * 1000, 3)}Z`;
}

/** A date `days` after (or before, if negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return isoDate(startOfDayMs(date) + days * DAY_MS);
}

/** Whole days from date a to date b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((startOfDayMs(b) - startOfDayMs(a)) / DAY_MS);
}

/** Monday to Friday (UTC). */
export function isWorkday(dayStartMs: number): boolean {
  const dow = new Date(dayStartMs).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** A time on the day starting at dayStartMs, between fromHour and toHour (UTC), to the second. */
export function timeOnDay(dayStartMs: number, fraction: number, fromHour = 8, toHour = 18): number {
  const span = (toHour - fromHour) * 3_600_000;
  return dayStartMs + fromHour * 3_600_000 + Math.floor((fraction * span) / 1000) * 1000;
}
