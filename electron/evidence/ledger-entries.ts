import type { Db } from '../db/open-database';

/** A place where the tables no longer say what the ledger recorded. */
export interface Disagreement {
  /** The ledger entry involved, when there is one. */
  seq: number | null;
  problem: string;
}

/** A ledger entry as the checks read it. */
export interface RecordedEntry {
  seq: number;
  details: Record<string, unknown>;
}

/** A ledger entry with the subject it names. */
export interface LedgerEntry extends RecordedEntry {
  subject: string;
}

/** Every entry of an action, oldest first. */
export function entriesOf(db: Db, action: string): LedgerEntry[] {
  return (db.prepare('SELECT seq, subject, details_json FROM ledger_entries WHERE action = ? ORDER BY seq').all(action) as { seq: number; subject: string; details_json: string }[]).map(
    (r) => ({ seq: r.seq, subject: r.subject, details: JSON.parse(r.details_json) as Record<string, unknown> }),
  );
}

/** The newest of some entries (oldest first) per key: re-recording appends a new entry, and the newest is the one in force. */
export function newestPerKey<K>(entries: readonly LedgerEntry[], keyOf: (subject: string, details: Record<string, unknown>) => K | null): Map<K, RecordedEntry> {
  const out = new Map<K, RecordedEntry>();
  for (const { seq, subject, details } of entries) {
    const key = keyOf(subject, details);
    if (key !== null) out.set(key, { seq, details });
  }
  return out;
}

/** The newest entry of an action per key. */
export function newestEntries<K>(db: Db, action: string, keyOf: (subject: string, details: Record<string, unknown>) => K | null): Map<K, RecordedEntry> {
  return newestPerKey(entriesOf(db, action), keyOf);
}

/** The collection an entry names (`details.collectionId`). */
const collectionOf = (_subject: string, details: Record<string, unknown>): number | null => (typeof details.collectionId === 'number' ? details.collectionId : null);

/** The newest of some entries per collection they name. */
export function newestPerCollection(entries: readonly LedgerEntry[]): Map<number, RecordedEntry> {
  return newestPerKey(entries, collectionOf);
}

/** The newest entry of an action per collection it names. */
export function newestByCollection(db: Db, action: string): Map<number, RecordedEntry> {
  return newestEntries(db, action, collectionOf);
}
