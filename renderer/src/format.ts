import type { SettingValue } from '../../shared/domain/app';

/**
 * Display helpers. Times are shown in UTC with the zone spelled out: an audit trail read by
 * people in several time zones must not silently shift.
 */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** First 12 hex digits: enough to compare by eye; the full hash is in the title. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

export function settingType(value: SettingValue): 'text' | 'number' | 'boolean' | 'null' {
  if (value === null) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'text';
}

export function formatSettingValue(value: SettingValue): string {
  if (value === null) return 'empty (null)';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return String(value);
}

/** One line for a ledger entry's details, e.g. `from: 30 → to: 60`. */
export function summarizeDetails(details: Record<string, unknown>): string {
  const keys = Object.keys(details);
  if (keys.length === 0) return '—';
  if (keys.length === 2 && 'from' in details && 'to' in details) {
    return `${compact(details.from)} → ${compact(details.to)}`;
  }
  return keys.map((k) => `${k}: ${compact(details[k])}`).join(', ');
}

function compact(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Keeps both ends of a long path visible (the folder it is in and the file name). */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep * 0.4);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}
