import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import type { SourceStage } from './source-stage';
import { BucketDigests, factBucket, factHash } from './fact-digest';

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

type BucketRef = { kind: string; bucket: number };
const refKey = (kind: string, bucket: number) => `${kind}\u0000${bucket}`;

/**
 * Folds one source's staged read into the fact intervals, inside the collection's one write
 * transaction. Only buckets whose digest moved are compared fact by fact, so the cost follows
 * the amount of change, not the size of the source.
 */
export function mergeSource(
  db: Db,
  stage: SourceStage,
  sourceId: string,
  collectionId: number,
  mode: MergeMode,
  previousHash: string | null,
): MergeResult {
  stage.flush();
  const t = `temp.${stage.table}`;
  const stored = storedDigests(db, sourceId);
  let opened = 0;
  let closed = 0;

  if (stored.size === 0 && mode !== 'delta' && !db.prepare('SELECT 1 FROM facts WHERE source_id = ? LIMIT 1').get(sourceId)) {
    // First read of this source: everything is new, nothing to compare. A key sent twice keeps its last value.
    const loaded = stage.load(null);
    db.prepare(
      `INSERT OR REPLACE INTO facts (source_id, kind, bucket, key, valid_from, value_json)
       SELECT ?, kind, bucket, key, ?, value_json FROM ${loaded} ORDER BY kind, bucket, key, seq`,
    ).run(sourceId, collectionId);
    opened = (db.prepare('SELECT count(*) AS n FROM facts WHERE source_id = ? AND valid_from = ?').get(sourceId, collectionId) as { n: number }).n;
    const exact = opened === stage.recordCount && !stage.digestsStale;
    writeDigests(db, sourceId, exact ? [...stage.digests.nonEmpty()] : recomputeAll(db, sourceId));
  } else {
    const dirty = dirtyBuckets(stage, stored, mode);
    const { duplicates } = stageDirtyFacts(db, stage, t, dirty);
    const closeStale = db.prepare(
      mode === 'full'
        ? `UPDATE facts SET valid_to = ? WHERE source_id = ? AND kind = ? AND bucket = ? AND valid_to IS NULL AND NOT EXISTS (
             SELECT 1 FROM ${t}_dirty_facts s WHERE s.kind = facts.kind AND s.bucket = facts.bucket AND s.key = facts.key AND s.value_json = facts.value_json)`
        : // Not a complete read: close only the versions that a newer value replaces.
          `UPDATE facts SET valid_to = ? WHERE source_id = ? AND kind = ? AND bucket = ? AND valid_to IS NULL AND EXISTS (
             SELECT 1 FROM ${t}_dirty_facts s WHERE s.kind = facts.kind AND s.bucket = facts.bucket AND s.key = facts.key AND s.value_json <> facts.value_json)`,
    );
    const openNew = db.prepare(
      `INSERT INTO facts (source_id, kind, bucket, key, valid_from, value_json)
       SELECT ?, s.kind, s.bucket, s.key, ?, s.value_json FROM ${t}_dirty_facts s
       WHERE s.kind = ? AND s.bucket = ? AND NOT EXISTS (
         SELECT 1 FROM facts f WHERE f.source_id = ? AND f.kind = s.kind AND f.bucket = s.bucket AND f.key = s.key AND f.valid_to IS NULL)
       ORDER BY s.key`,
    );
    for (const { kind, bucket } of dirty) {
      closed += closeStale.run(collectionId, sourceId, kind, bucket).changes;
      opened += openNew.run(sourceId, collectionId, kind, bucket, sourceId).changes;
    }
    const affected = new Map(dirty.map((d) => [refKey(d.kind, d.bucket), d]));
    if (mode === 'delta') closed += closeRemoved(db, t, sourceId, collectionId, affected);
    if (mode === 'full' && !duplicates && !stage.digestsStale) {
      // The read is the whole truth: its streamed digests are the new digests.
      writeDigests(db, sourceId, dirty.map((d) => ({ ...d, ...stage.digests.get(d.kind, d.bucket) })));
    } else {
      writeDigests(db, sourceId, [...affected.values()].map((d) => ({ ...d, ...recomputeBucket(db, sourceId, d.kind, d.bucket) })));
    }
  }

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

/** The buckets to compare fact by fact. */
function dirtyBuckets(stage: SourceStage, stored: Map<string, { kind: string; bucket: number; digest: number; count: number }>, mode: MergeMode): BucketRef[] {
  const dirty = new Map<string, BucketRef>();
  for (const s of stage.digests.nonEmpty()) {
    const old = stored.get(refKey(s.kind, s.bucket));
    // A partial or delta read touches what it sent, whatever the digests say.
    if (mode !== 'full' || stage.digestsStale || !old || old.digest !== s.digest || old.count !== s.count) dirty.set(refKey(s.kind, s.bucket), { kind: s.kind, bucket: s.bucket });
  }
  if (mode === 'full') {
    // Buckets the read did not reach at all: everything in them is gone.
    for (const [k, old] of stored) if (!dirty.has(k) && stage.digests.get(old.kind, old.bucket).count === 0) dirty.set(k, { kind: old.kind, bucket: old.bucket });
  }
  return [...dirty.values()];
}

/** Loads the staged rows of the dirty buckets into an indexed table; a key sent twice keeps its last value. */
function stageDirtyFacts(db: Db, stage: SourceStage, t: string, dirty: BucketRef[]): { duplicates: boolean } {
  // Nothing moved: no need to read the staged records back at all.
  const loaded = stage.load(dirty.length === 0 ? new Set() : new Set(dirty.map((d) => refKey(d.kind, d.bucket))));
  db.exec(`DROP TABLE IF EXISTS ${t}_dirty_facts; ALTER TABLE ${loaded} RENAME TO ${t.slice('temp.'.length)}_dirty_facts;`);
  const index = `CREATE UNIQUE INDEX ${t}_dirty_facts_key ON ${t.slice('temp.'.length)}_dirty_facts (kind, bucket, key)`;
  try {
    db.exec(index);
    return { duplicates: false };
  } catch {
    db.exec(`DELETE FROM ${t}_dirty_facts WHERE seq NOT IN (SELECT max(seq) FROM ${t}_dirty_facts GROUP BY kind, bucket, key); ${index};`);
    return { duplicates: true };
  }
}

/**
 * Explicit removals from a delta read. Removing a user or a group also ends the memberships
 * that hang off it: the source will not send those one by one.
 */
function closeRemoved(db: Db, t: string, sourceId: string, collectionId: number, affected: Map<string, BucketRef>): number {
  let closed = 0;
  const close = db.prepare(`UPDATE facts SET valid_to = ? WHERE source_id = ? AND kind = ? AND bucket = ? AND key = ? AND valid_to IS NULL`);
  for (const r of db.prepare(`SELECT kind, key FROM ${t}_removed`).all() as { kind: string; key: string }[]) {
    const bucket = factBucket(r.key);
    const n = close.run(collectionId, sourceId, r.kind, bucket, r.key).changes;
    if (n > 0) affected.set(refKey(r.kind, bucket), { kind: r.kind, bucket });
    closed += n;
  }
  const cascaded = db
    .prepare(
      `UPDATE facts SET valid_to = ? WHERE source_id = ? AND kind = 'idp_group_member' AND valid_to IS NULL AND EXISTS (
         SELECT 1 FROM ${t}_removed r WHERE (r.kind = 'idp_group' AND json_extract(facts.value_json, '$.groupId') = r.key)
                                      OR (r.kind IN ('idp_user', 'idp_group') AND json_extract(facts.value_json, '$.memberId') = r.key))
       RETURNING kind, bucket`,
    )
    .all(collectionId, sourceId) as BucketRef[];
  for (const c of cascaded) affected.set(refKey(c.kind, c.bucket), c);
  return closed + cascaded.length;
}

function storedDigests(db: Db, sourceId: string) {
  const rows = db.prepare('SELECT kind, bucket, digest, count FROM fact_buckets WHERE source_id = ?').all(sourceId) as {
    kind: string;
    bucket: number;
    digest: number;
    count: number;
  }[];
  return new Map(rows.map((r) => [refKey(r.kind, r.bucket), r]));
}

function recomputeBucket(db: Db, sourceId: string, kind: string, bucket: number): { digest: number; count: number } {
  const digests = new BucketDigests();
  for (const [key, value] of db
    .prepare('SELECT key, value_json FROM facts WHERE source_id = ? AND kind = ? AND bucket = ? AND valid_to IS NULL')
    .raw()
    .iterate(sourceId, kind, bucket) as IterableIterator<[string, string]>) {
    digests.add(kind, bucket, factHash(kind, key, value));
  }
  return digests.get(kind, bucket);
}

function recomputeAll(db: Db, sourceId: string) {
  const digests = new BucketDigests();
  for (const [kind, bucket, key, value] of db
    .prepare('SELECT kind, bucket, key, value_json FROM facts WHERE source_id = ? AND valid_to IS NULL')
    .raw()
    .iterate(sourceId) as IterableIterator<[string, number, string, string]>) {
    digests.add(kind, bucket, factHash(kind, key, value));
  }
  return [...digests.nonEmpty()];
}

function writeDigests(db: Db, sourceId: string, entries: { kind: string; bucket: number; digest: number; count: number }[]): void {
  const upsert = db.prepare(
    `INSERT INTO fact_buckets (source_id, kind, bucket, digest, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(source_id, kind, bucket) DO UPDATE SET digest = excluded.digest, count = excluded.count`,
  );
  const remove = db.prepare('DELETE FROM fact_buckets WHERE source_id = ? AND kind = ? AND bucket = ?');
  for (const e of entries) {
    if (e.count === 0) remove.run(sourceId, e.kind, e.bucket);
    else upsert.run(sourceId, e.kind, e.bucket, e.digest, e.count);
  }
}

/**
 * SHA-256 over the source's facts as they now stand, in stored key order (kind, bucket, key):
 * the fingerprint an auditor can recompute from an export to see that nothing was added,
 * dropped or edited.
 */
export function sourceContentHash(db: Db, sourceId: string): string {
  const hash = createHash('sha256');
  // SQLite concatenates a chunk of rows in key order, so JavaScript sees one string per
  // chunk instead of one per fact; the bytes hashed are the same as row by row.
  const chunk = db.prepare(
    `SELECT group_concat(line, '') AS text, count(*) AS n FROM (
       SELECT kind || char(0) || key || char(0) || value_json || char(10) AS line FROM facts
       WHERE source_id = ? AND valid_to IS NULL AND (kind, bucket, key) > (?, ?, ?)
       ORDER BY source_id, kind, bucket, key, valid_from LIMIT ${HASH_CHUNK})`,
  );
  const last = db.prepare(
    `SELECT kind, bucket, key FROM facts WHERE source_id = ? AND valid_to IS NULL AND (kind, bucket, key) > (?, ?, ?)
     ORDER BY source_id, kind, bucket, key, valid_from LIMIT 1 OFFSET ${HASH_CHUNK - 1}`,
  );
  let after: [string, number, string] = ['', -1, ''];
  for (;;) {
    const row = chunk.get(sourceId, ...after) as { text: string | null; n: number };
    if (!row.n || row.text === null) break;
    hash.update(row.text);
    if (row.n < HASH_CHUNK) break;
    const end = last.get(sourceId, ...after) as { kind: string; bucket: number; key: string };
    after = [end.kind, end.bucket, end.key];
  }
  return hash.digest('hex');
}

const HASH_CHUNK = 5000;
