/**
 * Bucketed digests of a source's open facts. Each fact falls in one of BUCKETS buckets by
 * its key; each (kind, bucket) keeps a count and a sum of per-fact hashes. A new full read
 * computes the same digests as it streams, so a merge only has to compare the buckets whose
 * digest moved: an unchanged organisation of millions of facts is folded in by comparing a
 * few thousand numbers. (The digests only find what changed; the content hash that evidence
 * relies on is SHA-256, see merge-source.ts.)
 */
export const BUCKETS = 4096;
const MOD = 2 ** 52;

/** The bucket of a key: FNV-1a over its UTF-16 code units, low 12 bits. Part of the facts key. */
export function factBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (BUCKETS - 1);
}

/** A 52-bit hash of one fact (cyrb53, reduced), for change detection only. */
export function factHash(kind: string, key: string, valueJson: string): number {
  let h1 = 0xdeadbeef ^ kind.length;
  let h2 = 0x41c6ce57 ^ key.length;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0x1f, 2654435761);
    h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  };
  mix(kind);
  mix(key);
  mix(valueJson);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) % MOD;
}

/** Per-kind digest and count arrays, one slot per bucket. */
export class BucketDigests {
  readonly kinds = new Map<string, { digest: Float64Array; count: Uint32Array }>();

  add(kind: string, bucket: number, hash: number): void {
    let slot = this.kinds.get(kind);
    if (!slot) {
      slot = { digest: new Float64Array(BUCKETS), count: new Uint32Array(BUCKETS) };
      this.kinds.set(kind, slot);
    }
    slot.digest[bucket] = (slot.digest[bucket]! + hash) % MOD;
    slot.count[bucket]! += 1;
  }

  get(kind: string, bucket: number): { digest: number; count: number } {
    const slot = this.kinds.get(kind);
    return slot ? { digest: slot.digest[bucket]!, count: slot.count[bucket]! } : { digest: 0, count: 0 };
  }

  /** Every (kind, bucket) holding at least one fact. */
  *nonEmpty(): Generator<{ kind: string; bucket: number; digest: number; count: number }> {
    for (const [kind, slot] of this.kinds) {
      for (let b = 0; b < BUCKETS; b++) if (slot.count[b]! > 0) yield { kind, bucket: b, digest: slot.digest[b]!, count: slot.count[b]! };
    }
  }
}
