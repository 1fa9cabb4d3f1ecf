import type { Migration } from '../migrate';

/**
 * Sources taken out of service on purpose. A complete collection must read every source the
 * previous complete collection read: one that is simply missing (dropped from the config,
 * renamed) would otherwise read as all of its access removed. Retiring a source says its
 * absence is intended; from then on collections without it can be complete. Its facts stay
 * as history. Reading the source again brings it back (its row is deleted).
 */
export const migration010: Migration = {
  version: 10,
  name: '010-retired-sources',
  up(db) {
    db.exec(`
      CREATE TABLE retired_sources (
        source_id TEXT PRIMARY KEY,
        retired_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        -- The newest complete collection that read it.
        last_read_in INTEGER REFERENCES collections(id),
        reason TEXT
      ) STRICT;
    `);
  },
};
