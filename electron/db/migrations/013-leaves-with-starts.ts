import type { Migration } from '../migrate';

/**
 * Content hash scheme 3 (collect/store/content-hash.ts): each open fact's line also names the
 * collection it has held since, so two grants' starts swapped between collections change the
 * hash. The leaves kept so far follow scheme 2: they are emptied, and the next collection of each
 * source fills them from the rows under scheme 3. Hashes already recorded keep their scheme
 * (collection_sources.content_hash_scheme), which ledger --verify still recomputes.
 */
export const migration013: Migration = {
  version: 13,
  name: '013-leaves-with-starts',
  up(db) {
    db.exec('UPDATE fact_digests SET sha256 = NULL');
  },
};
