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

/** Every entry of an action, oldest first. */
export function entriesOf(db: Db, action: string): (RecordedEntry & { subject: string })[] {
  return (db.prepare('SELECT seq, subject, details_json FROM ledger_entries WHERE action = ? ORDER BY seq').all(action) as { seq: number; subject: string; details_json: string }[]).map(
    (r) => ({ seq: r.seq, subject: r.subject, details: JSON.parse(r.details_json) as Record<string, unknown> }),
  );
}

/** The newest entry of an action per key (re-recording appends a new entry; the newest is the one in force). */
export function newestEntries<K>(db: Db, action: string, keyOf: (subject: string, details: Record<string, unknown>) => K | null): Map<K, RecordedEntry> {
  const out = new Map<K, RecordedEntry>();
  for (const { seq, subject, details } of entriesOf(db, action)) {
    const key = keyOf(subject, details);
    if (key !== null) out.set(key, { seq, details });
  }
  return out;
}

/** The newest entry of an action per collection it names (`details.collectionId`). */
export function newestByCollection(db: Db, action: string): Map<number, RecordedEntry> {
  return newestEntries(db, action, (_s, d) => (typeof d.collectionId === 'number' ? d.collectionId : null));
}
