import type { Db } from '../../db/open-database';
import type { SourceStage, StagedRecord } from './source-stage';
import { SLOT_BITS, SlotDigests, addHash, factHash, factSlot, levelFor } from './fact-digest';
import { HistoryWriter } from './history-writer';
import { statement } from './statements';
import { LeafHasher, LeafTable, contentHashFromLeaves, leafHashes } from './content-hash';
import { HIGH_UNITS, compareUtf8 } from './key-order';
import { closedVersionsHash } from './closed-versions-hash';
import { eventsHash } from './events-hash';

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
  /** SHA-256 of the versions this collection closed in the source (closed-versions-hash.ts). */
  closedHash: string;
  /** SHA-256 of the audit-log events this collection stored for the source (events-hash.ts). */
  eventsHash: string;
}

interface Stream {
  id: number;
  kind: string;
  level: number;
}

/** Staged records held in memory at once while merging (one batch of buckets). */
const BATCH_RECORDS = 100_000;
const ROWS_PER_INSERT = 100;

/**
 * Folds one source's staged read into the fact intervals, inside the collection's one write
 * transaction. Per (source, kind) stream, only the digest buckets that moved are compared
 * fact by fact, so the cost follows the amount of change, not the size of the source.
 * A changed or vanished fact's open row is replaced or removed and its old version goes to
 * the packed history, closed by this collection.
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
  const streams = loadStreams(db, sourceId);
  const levelsBefore = new Map([...streams].map(([kind, s]) => [kind, s.level]));
  const history = new HistoryWriter(db, collectionId);
  const writer = new OpenFactWriter(db, collectionId);
  let opened = 0;
  let closed = 0;

  const kinds = new Set([...stage.kinds(), ...streams.keys()]);
  for (const kind of [...kinds].sort(compareUtf8)) {
    const digests = stage.digestsOf(kind);
    let stream = streams.get(kind);
    if (!stream) {
      if (!digests) continue;
      stream = createStream(db, sourceId, kind, levelFor(digests.total));
      streams.set(kind, stream);
    }
    const hasOpen = statement(db, 'SELECT 1 FROM fact_open WHERE stream = ? LIMIT 1').get(stream.id) !== undefined;
    if (!hasOpen && mode !== 'delta') {
      // Nothing open to compare with (a first read): everything staged is new.
      if (digests) opened += insertAll(db, stage, stream, digests, collectionId);
    } else {
      const merged = mergeStream(db, stage, stream, digests, mode, writer, history);
      opened += merged.opened;
      closed += merged.closed;
    }
  }
  if (mode === 'delta') closed += closeRemoved(db, t, streams, history);
  history.finish();

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
  // Unchanged facts hash the same (previousHash is only passed when it follows the same scheme),
  // as long as every stream keeps its digest level: the buckets are the hash's leaves, so a
  // stream re-cut at another level (a read that changed nothing can do it, when earlier delta
  // removals or duplicate keys left the level off) hashes differently over the same facts.
  const unchanged = opened === 0 && closed === 0 && [...streams].every(([kind, s]) => (levelsBefore.get(kind) ?? s.level) === s.level);
  const contentHash = unchanged && previousHash ? previousHash : contentHashFromLeaves(db, sourceId);
  return { opened, closed, events, contentHash, closedHash: closedVersionsHash(db, sourceId, collectionId), eventsHash: eventsHash(db, sourceId, collectionId) };
}

function loadStreams(db: Db, sourceId: string): Map<string, Stream> {
  const rows = statement(db, 'SELECT id, kind, digest_level AS level FROM fact_streams WHERE source_id = ?').all(sourceId) as Stream[];
  return new Map(rows.map((r) => [r.kind, r]));
}

function createStream(db: Db, sourceId: string, kind: string, level: number): Stream {
  const id = Number(statement(db, 'INSERT INTO fact_streams (source_id, kind, digest_level) VALUES (?, ?, ?)').run(sourceId, kind, level).lastInsertRowid);
  return { id, kind, level };
}

/** Inserts, updates and deletes open rows with reusable statements. */
class OpenFactWriter {
  private readonly insertOne;
  private readonly insertMany;
  private readonly update;
  private readonly remove;
  private pending: (string | number)[] = [];

  constructor(db: Db, private readonly collectionId: number) {
    this.insertOne = statement(db, 'INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES (?, ?, ?, ?, ?)');
    this.insertMany = statement(db, `INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?)').join(', ')}`);
    this.update = statement(db, 'UPDATE fact_open SET valid_from = ?, value_json = ? WHERE stream = ? AND slot = ? AND key = ?');
    this.remove = statement(db, 'DELETE FROM fact_open WHERE stream = ? AND slot = ? AND key = ?');
  }

  /** Queued: call flushInserts() before reading the stream's rows again. */
  insert(stream: number, slot: number, key: string, valueJson: string): void {
    this.pending.push(stream, slot, key, this.collectionId, valueJson);
    if (this.pending.length === ROWS_PER_INSERT * 5) {
      this.insertMany.run(this.pending);
      this.pending = [];
    }
  }

  flushInserts(): void {
    for (let i = 0; i < this.pending.length; i += 5) this.insertOne.run(this.pending.slice(i, i + 5));
    this.pending = [];
  }

  replace(stream: number, slot: number, key: string, valueJson: string): void {
    this.update.run(this.collectionId, valueJson, stream, slot, key);
  }

  delete(stream: number, slot: number, key: string): void {
    this.remove.run(stream, slot, key);
  }
}

/**
 * Slot ranges covering the given buckets (ascending), cut so that each range's staged
 * records fit one in-memory batch.
 */
function batchRanges(buckets: number[], level: number, stagedCount: Uint32Array | null): [number, number][] {
  const shift = SLOT_BITS - level;
  const ranges: [number, number][] = [];
  let lo = -1;
  let hi = -1;
  let held = 0;
  for (const b of buckets) {
    const n = stagedCount ? stagedCount[b]! : 0;
    if (lo >= 0 && held + n > BATCH_RECORDS) {
      ranges.push([lo, hi]);
      lo = -1;
      held = 0;
    }
    if (lo < 0) lo = b << shift;
    hi = ((b + 1) << shift) - 1;
    held += n;
  }
  if (lo >= 0) ranges.push([lo, hi]);
  return ranges;
}

/**
 * The last staged record of each key (arrival order), bucket by bucket (slot >> 4): `onBucket`
 * gets each bucket's records sorted by key in UTF-8 order (the content hash's order). Only a
 * bucket's few records are compared with each other.
 */
function eachBucket(records: StagedRecord[], lo: number, hi: number, onBucket: (records: StagedRecord[]) => void): void {
  const first = lo >> 4;
  const groups: StagedRecord[][] = Array.from({ length: (hi >> 4) - first + 1 }, () => []);
  for (const r of records) groups[(r.slot >> 4) - first]!.push(r);
  for (const group of groups) {
    if (group.length === 0) continue;
    if (group.length > 1) {
      const exact = group.some((r) => !r.asciiKey && HIGH_UNITS.test(r.key));
      group.sort((a, b) => (a.key === b.key ? a.seq - b.seq : exact ? compareUtf8(a.key, b.key) : a.key < b.key ? -1 : 1));
    }
    const last: StagedRecord[] = [];
    for (let i = 0; i < group.length; i++) {
      const next = group[i + 1];
      if (next && next.key === group[i]!.key) continue;
      last.push(group[i]!);
    }
    onBucket(last);
  }
}

/** A bucket's records (one schema-2 bucket: 16 slots) stably reordered by slot. */
function bySlot(bucket: StagedRecord[]): StagedRecord[] {
  if (bucket.length < 2) return bucket;
  const starts = new Uint32Array(17);
  for (const r of bucket) starts[(r.slot & 15) + 1]! += 1;
  for (let s = 1; s <= 16; s++) starts[s]! += starts[s - 1]!;
  const out = new Array<StagedRecord>(bucket.length);
  for (const r of bucket) out[starts[r.slot & 15]!++] = r;
  return out;
}

/** First read of a stream: every staged record becomes an open fact, inserted (and its bucket's leaf hashed) in stored order. */
function insertAll(db: Db, stage: SourceStage, stream: Stream, digests: SlotDigests, collectionId: number): number {
  const level = levelFor(digests.total);
  if (level !== stream.level) setLevel(db, stream, level);
  const leaves = new LeafTable(level);
  const leafHasher = new LeafHasher(stream.kind, level, (b, leaf) => leaves.set(b, leaf));
  // Batches end on bucket boundaries (level 12), so the stored order runs across batches.
  const buckets = Array.from({ length: 4096 }, (_, b) => b);
  const ranges = batchRanges(buckets, 12, digests.atLevel(12).count);
  // Stream and collection are the same on every row: written into the statement, only
  // slot, key and value are bound (binding is a good part of the cost of a million inserts).
  const row = `(${Number(stream.id)}, ?, ?, ${Number(collectionId)}, ?)`;
  let insertMany: ReturnType<Db['prepare']> | null = null;
  const insertOne = statement(db, 'INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES (?, ?, ?, ?, ?)');
  let pending: (string | number)[] = [];
  let inserted = 0;
  stage.readRanges(stream.kind, ranges, () => true, (i, records) =>
    eachBucket(records, ranges[i]![0], ranges[i]![1], (bucket) => {
      // Inserted in stored key order (slot, key), so each insert appends: a stable counting
      // sort by slot (16 per bucket) keeps the key order within a slot.
      for (const r of bySlot(bucket)) {
        leafHasher.add(r.slot, r.key, r.valueJson, collectionId);
        pending.push(r.slot, r.key, r.valueJson);
        if (pending.length === ROWS_PER_INSERT * 3) {
          insertMany ??= db.prepare(`INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => row).join(', ')}`);
          insertMany.run(pending);
          pending = [];
        }
      }
      inserted += bucket.length;
    }),
  );
  for (let i = 0; i < pending.length; i += 3) insertOne.run(stream.id, pending[i]!, pending[i + 1]!, collectionId, pending[i + 2]!);
  leafHasher.finish();
  statement(db, 'DELETE FROM fact_digests WHERE stream = ?').run(stream.id);
  if (inserted === digests.total && !stage.digestsStale) {
    // No key was sent twice: the streamed digests are exactly the stored facts'.
    writeDigests(db, stream.id, digests.atLevel(level), null, leaves);
  } else {
    rebuildDigests(db, stream, level);
  }
  return inserted;
}

/** Compares the buckets whose digest moved, fact by fact, and applies the difference. */
function mergeStream(
  db: Db,
  stage: SourceStage,
  stream: Stream,
  digests: SlotDigests | null,
  mode: MergeMode,
  writer: OpenFactWriter,
  history: HistoryWriter,
): { opened: number; closed: number } {
  const level = stream.level;
  const shift = SLOT_BITS - level;
  const buckets = 1 << level;
  const staged = digests?.atLevel(level) ?? null;
  const stored = { digest: new Float64Array(buckets), count: new Uint32Array(buckets) };
  for (const [b, d, n] of statement(db, 'SELECT bucket, digest, count FROM fact_digests WHERE stream = ?').raw().iterate(stream.id) as IterableIterator<[number, number, number]>) {
    stored.digest[b] = d;
    stored.count[b] = n;
  }
  const dirty: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const sc = staged ? staged.count[b]! : 0;
    const moved = mode !== 'full' || stage.digestsStale ? sc > 0 : sc !== stored.count[b] || (sc > 0 && staged!.digest[b] !== stored.digest[b]);
    // A complete read that sent nothing of a bucket: everything in it is gone.
    const vanished = mode === 'full' && sc === 0 && stored.count[b]! > 0;
    if (moved || vanished) dirty.push(b);
  }
  if (dirty.length === 0) return { opened: 0, closed: 0 };

  const isDirty = new Uint8Array(buckets);
  for (const b of dirty) isDirty[b] = 1;
  const readOpen = statement(db, 'SELECT slot, key, valid_from, value_json FROM fact_open WHERE stream = ? AND slot BETWEEN ? AND ? ORDER BY slot, key').raw();
  const newDigests = { digest: new Float64Array(buckets), count: new Uint32Array(buckets) };
  let opened = 0;
  let closed = 0;
  const compareRow = (slot: number, key: string, validFrom: number, valueJson: string, incoming: Map<string, StagedRecord>) => {
    const b = slot >> shift;
    const next = incoming.get(key);
    if (next) {
      incoming.delete(key);
      if (next.valueJson === valueJson) {
        count(newDigests, b, factHash(stream.kind, key, valueJson));
        return;
      }
      history.add(stream.id, { slot, validFrom, key, valueJson });
      writer.replace(stream.id, slot, key, next.valueJson);
      count(newDigests, b, factHash(stream.kind, key, next.valueJson));
      opened += 1;
      closed += 1;
    } else if (mode === 'full') {
      history.add(stream.id, { slot, validFrom, key, valueJson });
      writer.delete(stream.id, slot, key);
      closed += 1;
    } else {
      // Not a complete read: what it did not send still holds.
      count(newDigests, b, factHash(stream.kind, key, valueJson));
    }
  };
  const apply = (lo: number, hi: number, records: StagedRecord[]) => {
    const incoming = new Map<string, StagedRecord>();
    for (const r of records) incoming.set(r.key, r);
    // Read the stored open rows of each run of consecutive dirty buckets in the range.
    for (let b = lo >> shift; b <= hi >> shift; b++) {
      if (!isDirty[b]) continue;
      let end = b;
      while (end + 1 <= hi >> shift && isDirty[end + 1]) end += 1;
      const rows = readOpen.all(stream.id, b << shift, ((end + 1) << shift) - 1) as [number, string, number, string][];
      b = end;
      for (const [slot, key, validFrom, valueJson] of rows) compareRow(slot, key, validFrom, valueJson, incoming);
    }
    const fresh = [...incoming.values()].sort((a, b) => a.slot - b.slot || (a.key < b.key ? -1 : 1));
    for (const r of fresh) {
      writer.insert(stream.id, r.slot, r.key, r.valueJson);
      count(newDigests, r.slot >> shift, factHash(stream.kind, r.key, r.valueJson));
      opened += 1;
    }
    writer.flushInserts();
  };
  const ranges = batchRanges(dirty, level, staged?.count ?? null);
  const seen = new Set<number>();
  if (digests) {
    stage.readRanges(stream.kind, ranges, (slot) => isDirty[slot >> shift] === 1, (i, records) => {
      seen.add(i);
      apply(ranges[i]![0], ranges[i]![1], records);
    });
  }
  // Ranges the read sent nothing of are still compared (their facts vanished).
  ranges.forEach(([lo, hi], i) => seen.has(i) || apply(lo, hi, []));
  // The leaves of the buckets that moved, re-read as stored: the content hash is a function of the rows.
  writeDigests(db, stream.id, newDigests, dirty, leafHashes(db, stream, dirty));

  // Keep about 16 facts per bucket as the stream grows or shrinks (not at every wobble).
  let total = 0;
  for (let b = 0; b < buckets; b++) total += isDirty[b] ? newDigests.count[b]! : stored.count[b]!;
  const wanted = levelFor(total);
  if (Math.abs(wanted - level) >= 2) rebuildDigests(db, stream, wanted);
  return { opened, closed };
}

function count(d: { digest: Float64Array; count: Uint32Array }, bucket: number, hash: number): void {
  d.digest[bucket] = addHash(d.digest[bucket]!, hash);
  d.count[bucket]! += 1;
}

/**
 * Writes the given buckets' digests (all non-empty ones when `only` is null) with their leaves
 * (content-hash.ts; one missing is computed from the rows when the content hash is taken).
 */
function writeDigests(db: Db, stream: number, d: { digest: Float64Array; count: Uint32Array }, only: readonly number[] | null, leaves: { get(bucket: number): Buffer | undefined }): void {
  const upsert = statement(db, 
    `INSERT INTO fact_digests (stream, bucket, digest, count, sha256) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(stream, bucket) DO UPDATE SET digest = excluded.digest, count = excluded.count, sha256 = excluded.sha256`,
  );
  const remove = statement(db, 'DELETE FROM fact_digests WHERE stream = ? AND bucket = ?');
  const write = (b: number) => {
    if (d.count[b] === 0) remove.run(stream, b);
    else upsert.run(stream, b, d.digest[b], d.count[b], leaves.get(b) ?? null);
  };
  if (only) for (const b of only) write(b);
  else for (let b = 0; b < d.count.length; b++) if (d.count[b]! > 0) write(b);
}

function setLevel(db: Db, stream: Stream, level: number): void {
  statement(db, 'UPDATE fact_streams SET digest_level = ? WHERE id = ?').run(level, stream.id);
  stream.level = level;
}

/** Recomputes a stream's digests from its open facts, at `level`. */
function rebuildDigests(db: Db, stream: Stream, level: number): void {
  setLevel(db, stream, level);
  const shift = SLOT_BITS - level;
  const d = { digest: new Float64Array(1 << level), count: new Uint32Array(1 << level) };
  const leaves = new LeafTable(level);
  const leafHasher = new LeafHasher(stream.kind, level, (b, leaf) => leaves.set(b, leaf));
  for (const [slot, key, value, from] of statement(db, 'SELECT slot, key, value_json, valid_from FROM fact_open WHERE stream = ? ORDER BY slot, key').raw().iterate(stream.id) as IterableIterator<
    [number, string, string, number]
  >) {
    count(d, slot >> shift, factHash(stream.kind, key, value));
    leafHasher.add(slot, key, value, from);
  }
  leafHasher.finish();
  statement(db, 'DELETE FROM fact_digests WHERE stream = ?').run(stream.id);
  writeDigests(db, stream.id, d, null, leaves);
}

/** Recomputes the digests of some buckets of a stream from its open facts. */
function refreshBuckets(db: Db, stream: Stream, buckets: Set<number>): void {
  const shift = SLOT_BITS - stream.level;
  const d = { digest: new Float64Array(1 << stream.level), count: new Uint32Array(1 << stream.level) };
  const leaves = new Map<number, Buffer>();
  // One read of each bucket, in stored order, feeds both its digest and its leaf.
  const leafHasher = new LeafHasher(stream.kind, stream.level, (b, leaf) => leaves.set(b, leaf));
  const read = statement(db, 'SELECT slot, key, value_json, valid_from FROM fact_open WHERE stream = ? AND slot BETWEEN ? AND ? ORDER BY slot, key').raw();
  const sorted = [...buckets].sort((a, b) => a - b);
  for (const b of sorted) {
    for (const [slot, key, value, from] of read.all(stream.id, b << shift, ((b + 1) << shift) - 1) as [number, string, string, number][]) {
      count(d, b, factHash(stream.kind, key, value));
      leafHasher.add(slot, key, value, from);
    }
    leafHasher.finish();
  }
  writeDigests(db, stream.id, d, sorted, leaves);
}

/**
 * Explicit removals from a delta read. Removing a user or a group also ends the memberships
 * that hang off it: the source will not send those one by one.
 */
function closeRemoved(db: Db, t: string, streams: Map<string, Stream>, history: HistoryWriter): number {
  let closed = 0;
  const affected = new Map<Stream, Set<number>>();
  const close = (stream: Stream, slot: number, key: string, validFrom: number, valueJson: string) => {
    history.add(stream.id, { slot, validFrom, key, valueJson });
    statement(db, 'DELETE FROM fact_open WHERE stream = ? AND slot = ? AND key = ?').run(stream.id, slot, key);
    const set = affected.get(stream) ?? new Set<number>();
    set.add(slot >> (SLOT_BITS - stream.level));
    affected.set(stream, set);
    closed += 1;
  };
  const find = statement(db, 'SELECT valid_from, value_json FROM fact_open WHERE stream = ? AND slot = ? AND key = ?');
  for (const r of db.prepare(`SELECT kind, key FROM ${t}_removed`).all() as { kind: string; key: string }[]) {
    const stream = streams.get(r.kind);
    if (!stream) continue;
    const slot = factSlot(r.key);
    const row = find.get(stream.id, slot, r.key) as { valid_from: number; value_json: string } | undefined;
    if (row) close(stream, slot, r.key, row.valid_from, row.value_json);
  }
  const members = streams.get('idp_group_member');
  if (members) {
    const cascaded = db
      .prepare(
        `SELECT slot, key, valid_from, value_json FROM fact_open o WHERE stream = ? AND EXISTS (
           SELECT 1 FROM ${t}_removed r WHERE (r.kind = 'idp_group' AND json_extract(o.value_json, '$.groupId') = r.key)
                                        OR (r.kind IN ('idp_user', 'idp_group') AND json_extract(o.value_json, '$.memberId') = r.key))`,
      )
      .raw()
      .all(members.id) as [number, string, number, string][];
    for (const [slot, key, validFrom, valueJson] of cascaded) close(members, slot, key, validFrom, valueJson);
  }
  for (const [stream, buckets] of affected) refreshBuckets(db, stream, buckets);
  return closed;
}
