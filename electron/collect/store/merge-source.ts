import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import type { SourceStage } from './source-stage';

export type MergeMode =
  /** A complete full read: anything not seen is gone. */
  | 'full'
  /** A full read that cannot vouch for completeness (quarantined items, counts that disagree):
   *  new and changed facts are recorded, but nothing is closed because it was not seen. */
  | 'partial'
  /** A delta read: changes as sent, removals only where the source said so. */
  | 'delta';

export interface MergeResult {
  opened: number;
  closed: number;
  events: number;
  contentHash: string;
}

/**
 * Folds one source's staged read into the fact intervals. Runs inside the collection's one
 * write transaction. Set-based SQL keeps it fast and memory-flat at millions of facts.
 */
export function mergeSource(
  db: Db,
  stage: SourceStage,
  sourceId: string,
  collectionId: number,
  mode: MergeMode,
  previousHash: string | null,
): MergeResult {
  stage.prepareForMerge();
  const t = `temp.${stage.table}`;
  let closed = 0;
  if (mode === 'full') {
    closed += db
      .prepare(
        `UPDATE facts SET valid_to = ? WHERE source_id = ? AND valid_to IS NULL AND NOT EXISTS (
           SELECT 1 FROM ${t}_facts s WHERE s.kind = facts.kind AND s.key = facts.key AND s.value_json = facts.value_json)`,
      )
      .run(collectionId, sourceId).changes;
  } else {
    // Close only the versions that a newer value replaces.
    closed += db
      .prepare(
        `UPDATE facts SET valid_to = ? WHERE source_id = ? AND valid_to IS NULL AND EXISTS (
           SELECT 1 FROM ${t}_facts s WHERE s.kind = facts.kind AND s.key = facts.key AND s.value_json <> facts.value_json)`,
      )
      .run(collectionId, sourceId).changes;
  }
  if (mode === 'delta') closed += closeRemoved(db, t, sourceId, collectionId);
  const opened = db
    .prepare(
      `INSERT INTO facts (source_id, kind, key, value_json, valid_from)
       SELECT ?, s.kind, s.key, s.value_json, ? FROM ${t}_facts s
       WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.source_id = ? AND f.kind = s.kind AND f.key = s.key AND f.valid_to IS NULL)
       ORDER BY s.kind, s.key`,
    )
    .run(sourceId, collectionId, sourceId).changes;
  const events = db
    .prepare(
      `INSERT OR IGNORE INTO source_events (source_id, event_id, occurred_at, type, actor_id, actor_name, target_ids_json, detail_json, collection_id)
       SELECT ?, event_id, occurred_at, type, actor_id, actor_name, target_ids_json, detail_json, ? FROM ${t}_events`,
    )
    .run(sourceId, collectionId).changes;
  for (const [name, value] of stage.cursors) {
    db.prepare(
      `INSERT INTO source_cursors (source_id, name, value, collection_id) VALUES (?, ?, ?, ?)
       ON CONFLICT(source_id, name) DO UPDATE SET value = excluded.value, collection_id = excluded.collection_id`,
    ).run(sourceId, name, value, collectionId);
  }
  const insertQuarantine = db.prepare(
    'INSERT INTO quarantine (collection_id, source_id, kind, location, reason, raw_json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const q of stage.quarantined) insertQuarantine.run(collectionId, sourceId, q.kind, q.location, q.reason, q.raw as string);
  // Unchanged facts hash the same: skip re-reading a large source that did not move.
  const contentHash = opened === 0 && closed === 0 && previousHash ? previousHash : sourceContentHash(db, sourceId);
  return { opened, closed, events, contentHash };
}

/**
 * Explicit removals from a delta read. Removing a user or a group also ends the memberships
 * that hang off it: the source will not send those one by one.
 */
function closeRemoved(db: Db, t: string, sourceId: string, collectionId: number): number {
  let closed = db
    .prepare(
      `UPDATE facts SET valid_to = ? WHERE source_id = ? AND valid_to IS NULL AND EXISTS (
         SELECT 1 FROM ${t}_removed r WHERE r.kind = facts.kind AND r.key = facts.key)`,
    )
    .run(collectionId, sourceId).changes;
  closed += db
    .prepare(
      `UPDATE facts SET valid_to = ? WHERE source_id = ? AND kind = 'idp_group_member' AND valid_to IS NULL AND EXISTS (
         SELECT 1 FROM ${t}_removed r WHERE (r.kind = 'idp_group' AND json_extract(facts.value_json, '$.groupId') = r.key)
                                      OR (r.kind IN ('idp_user', 'idp_group') AND json_extract(facts.value_json, '$.memberId') = r.key))`,
    )
    .run(collectionId, sourceId).changes;
  return closed;
}

/**
 * SHA-256 over the source's facts as they now stand, in key order: the fingerprint an auditor
 * can recompute from an export to see that nothing was added, dropped or edited.
 */
export function sourceContentHash(db: Db, sourceId: string): string {
  const hash = createHash('sha256');
  // SQLite concatenates a chunk of rows in key order, so JavaScript sees one string per
  // chunk instead of one per fact; the bytes hashed are the same as row by row.
  const chunk = db.prepare(
    `SELECT group_concat(line, '') AS text, max(kind) AS lastKind, count(*) AS n, max(kind || char(0) || key) AS lastPair FROM (
       SELECT kind, key, kind || char(0) || key || char(0) || value_json || char(10) AS line FROM facts
       WHERE source_id = ? AND valid_to IS NULL AND (kind, key) > (?, ?)
       ORDER BY source_id, kind, key, valid_from LIMIT ${HASH_CHUNK})`,
  );
  let afterKind = '';
  let afterKey = '';
  for (;;) {
    const row = chunk.get(sourceId, afterKind, afterKey) as { text: string | null; n: number; lastPair: string | null };
    if (!row.n || row.text === null || row.lastPair === null) break;
    hash.update(row.text);
    const split = row.lastPair.indexOf('\u0000');
    afterKind = row.lastPair.slice(0, split);
    afterKey = row.lastPair.slice(split + 1);
    if (row.n < HASH_CHUNK) break;
  }
  return hash.digest('hex');
}

const HASH_CHUNK = 5000;
