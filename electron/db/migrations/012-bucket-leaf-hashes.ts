import type { Migration } from '../migrate';

/**
 * Content hashes by bucket (collect/store/content-hash.ts, scheme 2): each digest bucket keeps
 * the SHA-256 of its open facts, so a collection re-hashes only the buckets it changed. The
 * leaves start empty and the next collection of each source fills them from the rows. Source
 * rows recorded so far keep scheme 1 (one SHA-256 over every line), which ledger --verify
 * still knows how to recompute.
 */
export const migration012: Migration = {
  version: 12,
  name: '012-bucket-leaf-hashes',
  up(db) {
    db.exec(`
      ALTER TABLE fact_digests ADD COLUMN sha256 BLOB;
      ALTER TABLE collection_sources ADD COLUMN content_hash_scheme INTEGER NOT NULL DEFAULT 1;
    `);
  },
};
