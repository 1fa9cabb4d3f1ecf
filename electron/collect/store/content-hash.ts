import { createHash, type Hash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import { slotBucket } from './fact-digest';

/**
 * SHA-256 over a source's open facts as lines `kind NUL key NUL value_json LF` (UTF-8), in
 * the order (kind, bucket, key) of schema 2's stored key, SQLite's binary collation: the
 * fingerprint an auditor can recompute from an export (`SELECT ... FROM facts WHERE
 * valid_to IS NULL ORDER BY kind, bucket, key`) to see that nothing was added, dropped or
 * edited.
 */
export function sourceContentHash(db: Db, sourceId: string): string {
  const hasher = new LineHasher();
  const streams = db.prepare('SELECT id, kind FROM fact_streams WHERE source_id = ?').all(sourceId) as { id: number; kind: string }[];
  streams.sort((a, b) => compareUtf8(a.kind, b.kind));
  const rows = db.prepare('SELECT slot, key, value_json FROM fact_open WHERE stream = ? ORDER BY slot, key').raw();
  for (const stream of streams) {
    // Stored order is (slot, key); a bucket is 16 consecutive slots, re-sorted by key.
    let bucket = -1;
    let group: [string, string][] = [];
    for (const [slot, key, value] of rows.iterate(stream.id) as IterableIterator<[number, string, string]>) {
      const b = slotBucket(slot);
      if (b !== bucket) {
        hasher.addGroup(stream.kind, group);
        group = [];
        bucket = b;
      }
      group.push([key, value]);
    }
    hasher.addGroup(stream.kind, group);
  }
  return hasher.digest();
}

/** Feeds (key, value) groups of one bucket to SHA-256 in key order, in large chunks. */
export class LineHasher {
  private readonly hash: Hash = createHash('sha256');
  private pending = '';

  /** `rows` are one bucket's (key, value) pairs, in any order; sorted here. */
  addGroup(kind: string, rows: [string, string][]): void {
    if (rows.length === 0) return;
    if (rows.length > 1) rows.sort((a, b) => compareUtf8(a[0], b[0]));
    const prefix = `${kind}\u0000`;
    for (const [key, value] of rows) this.pending += `${prefix}${key}\u0000${value}\n`;
    if (this.pending.length > 1 << 20) this.drain();
  }

  digest(): string {
    this.drain();
    return this.hash.digest('hex');
  }

  private drain(): void {
    if (this.pending) this.hash.update(this.pending, 'utf8');
    this.pending = '';
  }
}

/**
 * String order as SQLite's BINARY collation sees it (UTF-8 bytes, i.e. code points).
 * JavaScript's `<` compares UTF-16 units, which differs only where a surrogate meets a
 * unit at or above U+E000.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

/** Surrogates (U+D800–DFFF) stand for code points above U+FFFF: rank them after U+E000–FFFF. */
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);
