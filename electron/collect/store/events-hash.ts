import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';

type EventRow = [eventId: string, occurredAt: string, type: string, actorId: string | null, actorName: string | null, targetIdsJson: string, detailJson: string];
const COLUMNS = 'event_id, occurred_at, type, actor_id, actor_name, target_ids_json, detail_json';

/** A NUL-free rendering of a nullable text: `-` for null, `+text` otherwise. */
const cell = (v: string | null): string => (v === null ? '-' : `+${v}`);

/** One event as the hash reads it. */
function eventLine([id, at, type, actorId, actorName, targets, detail]: EventRow): string {
  return `${id}\u0000${at}\u0000${type}\u0000${cell(actorId)}\u0000${cell(actorName)}\u0000${targets}\u0000${detail}\n`;
}

function hashRows(rows: Iterable<EventRow>): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(eventLine(row));
  return hash.digest('hex');
}

/**
 * SHA-256 over the audit-log events one collection stored for one source, by event id: who did
 * what, when, as the timeline and the revocation latency read it ("removed by Directory sync"
 * or by a person; exactly when). The collection's ledger entry records it, so an event edited
 * or deleted in place is caught (collected-data-agreement.ts).
 */
export function eventsHash(db: Db, sourceId: string, collectionId: number): string {
  return hashRows(
    db.prepare(`SELECT ${COLUMNS} FROM source_events WHERE source_id = ? AND collection_id = ? ORDER BY event_id COLLATE BINARY`).raw().iterate(sourceId, collectionId) as IterableIterator<EventRow>,
  );
}

/** eventsHash of every (source, collection) that stored events, in one ordered pass: `source NUL collection` → hash. */
export function allEventsHashes(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | null = null;
  let hash = createHash('sha256');
  for (const [sourceId, collectionId, ...row] of db
    .prepare(`SELECT source_id, collection_id, ${COLUMNS} FROM source_events ORDER BY source_id, collection_id, event_id COLLATE BINARY`)
    .raw()
    .iterate() as IterableIterator<[string, number, ...EventRow]>) {
    const next = `${sourceId}\u0000${collectionId}`;
    if (next !== key) {
      if (key !== null) out.set(key, hash.digest('hex'));
      key = next;
      hash = createHash('sha256');
    }
    hash.update(eventLine(row));
  }
  if (key !== null) out.set(key, hash.digest('hex'));
  return out;
}

/** The hash of no events, what a source that stored none records. */
export const NO_EVENTS_HASH = hashRows([]);
