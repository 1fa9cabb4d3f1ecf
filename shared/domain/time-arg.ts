/**
 * Reads a time a person typed or picked: an ISO date means the END of that day (UTC), so
 * "what was true on the 3rd" includes the 3rd's poll; an ISO date-time must carry its zone
 * (`Z`, `±hh:mm` or `±hhmm`) and is taken as given. Null for anything else, including dates that do
 * not exist (2026-02-30 is not quietly March 2nd) and times without a zone (which would mean
 * a different instant on every machine). Shared by the API, the CLI and the UI's pickers, so
 * the same text means the same instant everywhere.
 */
export function parseTimeArg(text: string): Date | null {
  const trimmed = text.trim();
  const m = TIME.exec(trimmed);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , zone] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d))) return null;
  if (h === undefined) return new Date(`${trimmed}T23:59:59.999Z`);
  if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) return null;
  if (zone !== 'Z' && zone !== 'z' && (Number(zone!.slice(1, 3)) > 23 || Number(zone!.slice(-2)) > 59)) return null;
  const time = new Date(trimmed);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** YYYY-MM-DD, optionally Thh:mm[:ss[.fff]] with a zone (the API contract's timeArg accepts the same). */
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2}))?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * parseTimeArg for an "as of" time, against now: today's date (whose end is still ahead) means
 * now, and anything later is 'future' (nothing is known about it: an answer would pass the
 * newest poll off as a forecast). Null when the text is not a time.
 */
export function parseAsOfArg(text: string, now: Date): Date | 'future' | null {
  const time = parseTimeArg(text);
  if (!time || time.getTime() <= now.getTime()) return time;
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) && trimmed <= now.toISOString().slice(0, 10)) return now;
  return 'future';
}
