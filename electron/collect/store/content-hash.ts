import { createHash, hash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import { MAX_LEVEL, SLOT_BITS } from './fact-digest';
import { compareUtf8 } from './key-order';
import { linesContentHash } from './lines-content-hash';
import { statement } from './statements';

/**
 * Which definition a recorded content hash follows (collection_sources.content_hash_scheme).
 * 1: every open fact's line in one SHA-256 (lines-content-hash.ts), recorded before schema 12.
 * 2: a SHA-256 per digest bucket, then one over those (below), recorded before schema 13.
 * 3: as 2, each line also naming the collection the fact has held since: recorded now.
 */
export const LINES_SCHEME = 1;
export const BUCKETS_SCHEME = 2;
export const BUCKETS_WITH_STARTS_SCHEME = 3;
/** The scheme collections record, and the one the leaves kept with the digests follow. */
export const CONTENT_HASH_SCHEME = BUCKETS_WITH_STARTS_SCHEME;
type BucketScheme = typeof BUCKETS_SCHEME | typeof BUCKETS_WITH_STARTS_SCHEME;

/**
 * Schemes 2 and 3. A source's open facts are the lines `kind NUL key NUL value_json LF`
 * (scheme 2) or `kind NUL key NUL value_json NUL valid_from LF` (scheme 3, valid_from in
 * decimal), UTF-8. Each
 * (source, kind) stream is cut into the 2^level buckets of its digests (fact_streams.digest_level:
 * about 16 facts each, so a bucket is 2^(16 - level) consecutive slots of the key's FNV-1a hash,
 * the `slot` column of the facts view). A bucket's leaf is the SHA-256 of its facts' lines in
 * stored order (slot, then key in binary order); the content hash is the SHA-256 of the 32-byte
 * leaves of every non-empty bucket, kinds in binary order, buckets ascending.
 *
 * Why two levels: a poll that changes 0.5% of a million facts touches one bucket in seven, so
 * the leaves kept with the digests (fact_digests.sha256) let a collection re-hash only those
 * buckets instead of re-reading every open fact (about 1 s of a 1.2M-fact poll). ledger --verify
 * recomputes every leaf from the stored rows (contentHashFromRows), never from the kept leaves.
 *
 * Why scheme 3 names each fact's start: without it, two open grants' starts swapped between
 * collections (one made to look older, one newer) changed no hash and no count of the versions
 * each collection opened. Closed versions' starts are in the closed-versions hash already.
 */
export class LeafHasher {
  /** NaN before the first fact: any bucket number (a negative one too, see contentHashFromRows) starts a leaf. */
  private bucket = NaN;
  private lines = '';
  private readonly shift: number;

  /** Facts must come in stored order (slot, key); `onLeaf` gets each non-empty bucket's leaf. */
  constructor(
    private readonly kind: string,
    level: number,
    private readonly onLeaf: (bucket: number, leaf: Buffer) => void,
    private readonly scheme: BucketScheme = CONTENT_HASH_SCHEME,
  ) {
    this.shift = SLOT_BITS - level;
  }

  add(slot: number, key: string, valueJson: string, validFrom: number): void {
    const bucket = slot >> this.shift;
    if (bucket !== this.bucket) {
      this.finish();
      this.bucket = bucket;
    }
    this.lines +=
      this.scheme === BUCKETS_WITH_STARTS_SCHEME ? `${this.kind}\u0000${key}\u0000${valueJson}\u0000${validFrom}\n` : `${this.kind}\u0000${key}\u0000${valueJson}\n`;
  }

  /** Ends the current bucket (call once after the last fact). */
  finish(): void {
    // The one-shot hash: a leaf is a kilobyte or two, where a Hash object's own cost shows.
    if (this.lines.length > 0) this.onLeaf(this.bucket, hash('sha256', this.lines, 'buffer'));
    this.bucket = NaN;
    this.lines = '';
  }
}

export interface HashedStream {
  id: number;
  kind: string;
  level: number;
}

/** Buckets per range read: about 4,000 facts, few enough to hold, many enough that a query's own cost is small. */
const BUCKETS_PER_READ = 256;

/**
 * The leaves of some buckets of a stream, from its stored open facts (a bucket with none has no
 * leaf), under the scheme collections record. Buckets must be ascending; runs of consecutive
 * buckets are read as one range.
 */
export function leafHashes(db: Db, stream: HashedStream, buckets: readonly number[]): Map<number, Buffer> {
  const leaves = new Map<number, Buffer>();
  eachLeaf(db, stream, buckets, (b, leaf) => leaves.set(b, leaf));
  return leaves;
}

/** The bounds of SQLite's integers: a range from or to them leaves out no stored slot. */
const SLOT_MIN = -(2n ** 63n);
const SLOT_MAX = 2n ** 63n - 1n;

/**
 * leafHashes, handing each leaf over in bucket order instead of keeping them. With `everyRow`,
 * the first bucket's range reaches down and the last one's up to any integer, so a row whose
 * slot no key could have (edited in, or moved out of the slots the buckets cover) is hashed too,
 * into a leaf of its own, instead of left out unseen.
 */
function eachLeaf(
  db: Db,
  stream: HashedStream,
  buckets: readonly number[],
  onLeaf: (bucket: number, leaf: Buffer) => void,
  everyRow = false,
  scheme: BucketScheme = CONTENT_HASH_SCHEME,
): void {
  const shift = SLOT_BITS - stream.level;
  const last = (1 << stream.level) - 1;
  const read = statement(db, 'SELECT slot, key, value_json, valid_from FROM fact_open WHERE stream = ? AND slot BETWEEN ? AND ? ORDER BY slot, key').raw();
  const hasher = new LeafHasher(stream.kind, stream.level, onLeaf, scheme);
  for (let i = 0; i < buckets.length; i++) {
    let end = i;
    while (end + 1 < buckets.length && buckets[end + 1] === buckets[end]! + 1 && end + 1 - i < BUCKETS_PER_READ) end += 1;
    // all(), not iterate(): iterating costs a call per row.
    const lo = everyRow && buckets[i] === 0 ? SLOT_MIN : buckets[i]! << shift;
    const hi = everyRow && buckets[end] === last ? SLOT_MAX : ((buckets[end]! + 1) << shift) - 1;
    for (const [slot, key, value, from] of read.all(stream.id, lo, hi) as [number, string, string, number][]) hasher.add(slot, key, value, from);
    hasher.finish();
    i = end;
  }
}

/**
 * The leaves of every bucket of a stream in one buffer: a Buffer per leaf costs a few hundred
 * bytes of heap, 25 MB more peak memory on a first read of a million facts.
 */
export class LeafTable {
  private readonly bytes: Buffer;
  private readonly present: Uint8Array;

  constructor(level: number) {
    this.bytes = Buffer.alloc(32 << level);
    this.present = new Uint8Array(1 << level);
  }

  set(bucket: number, leaf: Uint8Array): void {
    this.bytes.set(leaf, bucket * 32);
    this.present[bucket] = 1;
  }

  get(bucket: number): Buffer | undefined {
    return this.present[bucket] ? this.bytes.subarray(bucket * 32, bucket * 32 + 32) : undefined;
  }
}

/** A source's streams in the hash's kind order. */
function hashedStreams(db: Db, sourceId: string): HashedStream[] {
  const streams = statement(db, 'SELECT id, kind, digest_level AS level FROM fact_streams WHERE source_id = ?').all(sourceId) as HashedStream[];
  return streams.sort((a, b) => compareUtf8(a.kind, b.kind));
}

/**
 * The content hash from the leaves kept with the digests: what a collection records. Leaves not
 * kept yet (a file from before schema 12) are computed from the rows and kept.
 */
export function contentHashFromLeaves(db: Db, sourceId: string): string {
  const root = createHash('sha256');
  const missing = statement(db, 'SELECT bucket FROM fact_digests WHERE stream = ? AND sha256 IS NULL ORDER BY bucket').pluck();
  const keep = statement(db, 'UPDATE fact_digests SET sha256 = ? WHERE stream = ? AND bucket = ?');
  // The leaves as one hex string: tens of thousands of rows (each a Buffer) cost more than the hashing.
  const concatenated = statement(db, `SELECT group_concat(hex(sha256), '' ORDER BY bucket) FROM fact_digests WHERE stream = ?`).pluck();
  for (const stream of hashedStreams(db, sourceId)) {
    const unkept = missing.all(stream.id) as number[];
    if (unkept.length > 0) {
      const computed = leafHashes(db, stream, unkept);
      for (const b of unkept) {
        const leaf = computed.get(b);
        // The digests count facts in this bucket and the table has none: the store disagrees with itself.
        if (!leaf) throw new Error(`The digests of stream ${stream.id} (${stream.kind}) count facts in bucket ${b}, but no open fact is stored there.`);
        keep.run(leaf, stream.id, b);
      }
    }
    const hex = concatenated.get(stream.id) as string | null;
    if (hex) root.update(Buffer.from(hex, 'hex'));
  }
  return root.digest('hex');
}

/**
 * The content hash recomputed from the stored open facts alone, every row of every stream read
 * (what ledger --verify checks), under scheme 3 or, for a hash recorded before schema 13, 2.
 * Throws when a stream's digest level is not one a collection writes: its buckets would not
 * cover the slots, and facts added in it would go unhashed.
 */
export function contentHashFromRows(db: Db, sourceId: string, scheme: BucketScheme = CONTENT_HASH_SCHEME): string {
  const root = createHash('sha256');
  for (const stream of hashedStreams(db, sourceId)) {
    if (!Number.isInteger(stream.level) || stream.level < 0 || stream.level > MAX_LEVEL) {
      throw new Error(`stream ${stream.id} (${stream.kind}) of source "${sourceId}" has digest level ${String(stream.level)}, outside 0 to ${MAX_LEVEL}`);
    }
    eachLeaf(db, stream, Array.from({ length: 1 << stream.level }, (_, b) => b), (_, leaf) => root.update(leaf), true, scheme);
  }
  return root.digest('hex');
}

/**
 * A recorded content hash's definition applied to the stored open facts again, by the scheme
 * it was recorded under (what ledger --verify compares); null for a scheme this build does not
 * know. Throws as contentHashFromRows does.
 */
export function recomputeContentHash(db: Db, sourceId: string, scheme: number): string | null {
  if (scheme === BUCKETS_WITH_STARTS_SCHEME || scheme === BUCKETS_SCHEME) return contentHashFromRows(db, sourceId, scheme);
  if (scheme === LINES_SCHEME) return linesContentHash(db, sourceId);
  return null;
}
