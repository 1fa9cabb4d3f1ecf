/**
 * Bucketed digests of a source's open facts. Each fact falls in one of 65,536 slots by its
 * key; a merge compares per-bucket counts and hash sums at a level chosen from the size of
 * the (source, kind) stream (a level-L bucket is 2^(16-L) consecutive slots), so a poll that
 * changes a few thousand of a million facts compares a few percent of them, while a small
 * stream keeps a small digest table. A new full read computes the same digests as it
 * streams. (The digests only find what changed; the content hash that evidence relies on is
 * SHA-256, see content-hash.ts.)
 */
export const SLOT_BITS = 16;
export const SLOTS = 1 << SLOT_BITS;
export const MAX_LEVEL = SLOT_BITS;
const MOD = 2 ** 52;

/**
 * The slot of a key: FNV-1a over its UTF-16 code units. The low 12 bits of the hash (the
 * 4096 "buckets" of schema 2, still the `bucket` column of the `facts` view and the order of
 * the content hash) are the slot's high bits, so slot >> 4 is that bucket and a bucket's
 * slots are consecutive in the stored key.
 */
export function factSlot(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h & 0xfff) << 4) | ((h >>> 12) & 0xf);
}

/** The schema-2 bucket (0..4095) a slot belongs to. */
export const slotBucket = (slot: number): number => slot >> 4;

/** The digest level for a stream of `count` open facts: about 16 facts per bucket, at most one bucket per slot. */
export function levelFor(count: number): number {
  if (count <= 16) return 0;
  return Math.min(MAX_LEVEL, Math.ceil(Math.log2(count / 16)));
}

/**
 * A 52-bit hash of one fact (cyrb53 over kind, key and value with a separator after each,
 * reduced), for change detection only. The state after the kind is cached per kind: it is
 * the same for every fact of a stream.
 */
export function factHash(kind: string, key: string, valueJson: string): number {
  const seed = seedOf(kind, key.length);
  let h1 = seed[0];
  let h2 = seed[1];
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  for (let i = 0; i < valueJson.length; i++) {
    const ch = valueJson.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish(h1, h2);
}

/**
 * factHash of an ASCII key and value given as their bytes (`keyBytes` bytes of key, then the
 * value, from `start` to `end`), as a record file holds them. For ASCII text a byte is a UTF-16
 * unit, so this is exactly factHash(kind, key, valueJson); reading bytes from a buffer is
 * cheaper than charCodeAt on strings. Callers must only pass ASCII text.
 */
export function factHashAscii(kind: string, bytes: Uint8Array, start: number, keyBytes: number, end: number): number {
  const seed = seedOf(kind, keyBytes);
  let h1 = seed[0];
  let h2 = seed[1];
  const keyEnd = start + keyBytes;
  for (let i = start; i < keyEnd; i++) {
    const ch = bytes[i]!;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  for (let i = keyEnd; i < end; i++) {
    const ch = bytes[i]!;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish(h1, h2);
}

/** Per kind, by key length: the key's length seeds h2 before the kind is mixed in. */
const kindSeeds = new Map<string, [number, number][]>();

function seedOf(kind: string, keyLength: number): [number, number] {
  let seeds = kindSeeds.get(kind);
  if (!seeds) {
    seeds = [];
    kindSeeds.set(kind, seeds);
  }
  return (seeds[keyLength] ??= kindSeed(kind, keyLength));
}

/** The separator after the value, cyrb53's final mix, and the 53-bit value mod 2^52 (the top bit of the high half dropped: no floating-point modulo). */
function finish(a: number, b: number): number {
  let h1 = Math.imul(a ^ 0x1f, 2654435761);
  let h2 = Math.imul(b ^ 0x1f, 1597334677);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (1048575 & h2) + (h1 >>> 0);
}

/** cyrb53's state after the kind and its separator. */
function kindSeed(kind: string, keyLength: number): [number, number] {
  let h1 = 0xdeadbeef ^ kind.length;
  let h2 = 0x41c6ce57 ^ keyLength;
  for (let i = 0; i < kind.length; i++) {
    const ch = kind.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  return [h1, h2];
}

/** (a + b) mod 2^52 for a, b already below 2^52: the sum is exact, and a subtraction is far cheaper than a floating-point modulo. */
export const addHash = (a: number, b: number): number => {
  const sum = a + b;
  return sum >= MOD ? sum - MOD : sum;
};

/** Below this many facts a kind's slot digests are kept in maps, not 65,536-slot arrays. */
const SPARSE_LIMIT = 4096;

/** Digest and count per slot of one kind: what a read streamed. */
export class SlotDigests {
  private sparse: Map<number, [number, number]> | null = new Map();
  private digest: Float64Array | null = null;
  private count: Uint32Array | null = null;
  total = 0;

  add(slot: number, hash: number): void {
    this.total += 1;
    if (this.sparse) {
      const entry = this.sparse.get(slot);
      if (entry) {
        entry[0] = addHash(entry[0], hash);
        entry[1] += 1;
      } else {
        this.sparse.set(slot, [hash, 1]);
      }
      if (this.sparse.size > SPARSE_LIMIT) this.densify();
      return;
    }
    this.digest![slot] = addHash(this.digest![slot]!, hash);
    this.count![slot]! += 1;
  }

  /** The digests summed up to `level` (2^level buckets). */
  atLevel(level: number): { digest: Float64Array; count: Uint32Array } {
    const buckets = 1 << level;
    const shift = SLOT_BITS - level;
    const digest = new Float64Array(buckets);
    const count = new Uint32Array(buckets);
    const put = (slot: number, d: number, n: number) => {
      const b = slot >> shift;
      digest[b] = addHash(digest[b]!, d);
      count[b]! += n;
    };
    if (this.sparse) {
      for (const [slot, [d, n]] of this.sparse) put(slot, d, n);
    } else {
      for (let s = 0; s < SLOTS; s++) if (this.count![s]! > 0) put(s, this.digest![s]!, this.count![s]!);
    }
    return { digest, count };
  }

  private densify(): void {
    this.digest = new Float64Array(SLOTS);
    this.count = new Uint32Array(SLOTS);
    for (const [slot, [d, n]] of this.sparse!) {
      this.digest[slot] = d;
      this.count[slot] = n;
    }
    this.sparse = null;
  }
}
