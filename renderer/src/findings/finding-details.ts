import { formatTimestamp } from '../format';

/**
 * A finding's `details` (structured specifics: roles, dates, latency ranges) as readable
 * key/value lines. Collections stay structured so the page can link them.
 */
export type DetailPart = string | { collectionId: number; at: string };

export interface DetailLine {
  key: string;
  label: string;
  parts: DetailPart[];
}

const LABELS: Record<string, string> = {
  terminatedAt: 'Terminated at',
  terminationBasis: 'Termination known from',
  terminationDate: 'Termination date',
  lastSeenWithAccess: 'Last seen with access',
  firstSeenWithout: 'First seen without access',
  removedAt: 'Removed at (audit log)',
  latencyHours: 'Latency',
  deadlineHours: 'Deadline',
  idleDays: 'Idle for',
  thresholdDays: 'Dormancy threshold',
  ageDays: 'Age',
  maxAgeDays: 'Maximum age',
  actualRole: 'Actual role',
  expectedRole: 'Expected role',
  accountRole: 'Account role',
  directRole: 'Direct role',
  teamRoles: 'Team roles',
  viaTeam: 'Through team',
  matchedBy: 'Matched by',
  ownerMatchedBy: 'Owner matched by',
  prefectEmail: 'Prefect email',
  widensAccess: 'Widens access',
  governedBy: 'Governed by',
  ownerOn: 'Owner on',
};

const BASIS: Record<string, string> = { 'hr-date': 'the HR termination date', 'idp-event': 'an identity-provider event', 'idp-observed': 'a poll of the identity provider' };

export function detailLines(details: Record<string, unknown>): DetailLine[] {
  return Object.entries(details).map(([key, value]) => ({ key, label: labelFor(key), parts: formatDetail(key, value) }));
}

/** "lastSeenWithAccess" → "Last seen with access", unless a better name is known. */
export function labelFor(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatDetail(key: string, value: unknown): DetailPart[] {
  if (value === null || value === undefined) return ['—'];
  if (typeof value === 'boolean') return [value ? 'yes' : 'no'];
  if (typeof value === 'number') return [withUnit(key, value)];
  if (typeof value === 'string') return [key === 'terminationBasis' ? (BASIS[value] ?? value) : formatText(value)];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['none'];
    return [value.map((item) => (isRecord(item) ? inlineRecord(item) : formatText(String(item)))).join(', ')];
  }
  if (isRecord(value)) {
    if (typeof value.collectionId === 'number' && typeof value.at === 'string') return [{ collectionId: value.collectionId, at: value.at }];
    if (key === 'latencyHours' && typeof value.min === 'number') return [latency(value.min, typeof value.max === 'number' ? value.max : null)];
    return [inlineRecord(value)];
  }
  return [String(value)];
}

/** A latency range: the minimum is certain; no maximum means the access is still there. */
export function latency(min: number, max: number | null): string {
  if (max === null) return `at least ${min} h (access remains)`;
  if (max === min) return `${min} h`;
  return `between ${min} h and ${max} h`;
}

function withUnit(key: string, n: number): string {
  if (/Hours$/.test(key)) return `${n} h`;
  if (/Days$/.test(key)) return `${n} ${n === 1 ? 'day' : 'days'}`;
  return String(n);
}

/** ISO date-times in UTC words; everything else as given. */
function formatText(text: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? formatTimestamp(text) : text;
}

/** {team: "x", role: "Runner"} → "x: Runner"; other records → "key: value" pairs. */
function inlineRecord(record: Record<string, unknown>): string {
  if (typeof record.team === 'string' && typeof record.role === 'string') return `${record.team}: ${record.role}`;
  return Object.entries(record)
    .map(([k, v]) => `${labelFor(k).toLowerCase()}: ${formatDetail(k, v).map((p) => (typeof p === 'string' ? p : `collection ${p.collectionId}`)).join(' ')}`)
    .join(', ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The evidence excerpt (a few fields of a stored value) as short lines. */
export function excerptLines(excerpt: Record<string, unknown>): string[] {
  return Object.entries(excerpt).map(([k, v]) => `${k}: ${formatDetail(k, v).map((p) => (typeof p === 'string' ? p : `collection ${p.collectionId}`)).join(' ')}`);
}
