import type { Migration } from '../migrate';

/**
 * Effective access derived from the facts after each complete collection, interval-encoded
 * the way facts are, so "who had what at C" for any past C is one range scan instead of
 * re-running identity matching and access resolution over the whole organisation.
 *
 * Derived data only: everything here can be deleted and recomputed from the facts, the
 * manual identity links and the match rules (derived/ in the analysis explains the format).
 * Version 5 is another change's.
 */
export const migration006: Migration = {
  version: 6,
  name: '006-access-intervals',
  up(db) {
    db.exec(`
      -- The structure of one principal's access (workspaces, roles, grants, with slots for
      -- the principal's own evidence): most people share one of a few, so it is stored once.
      CREATE TABLE access_shapes (
        id INTEGER PRIMARY KEY,
        json TEXT NOT NULL UNIQUE
      ) STRICT;

      -- One version of one principal's access (a Prefect user membership or a service
      -- account), valid from the complete collection that first derived it until the first
      -- that derived something else (NULL while current). Clustered in the order the engine
      -- lists principals: users before bots (ord = 4096 for bots), then the store's bucket of
      -- the principal's fact key, then that key.
      CREATE TABLE access_principals (
        source_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        fact_key TEXT NOT NULL,
        valid_from INTEGER NOT NULL REFERENCES collections(id),
        valid_to INTEGER REFERENCES collections(id),
        body TEXT NOT NULL,
        PRIMARY KEY (source_id, ord, fact_key, valid_from)
      ) STRICT, WITHOUT ROWID;
      -- A diff reads only the versions that start or end between its two collections.
      CREATE INDEX access_principals_by_from ON access_principals(valid_from);
      CREATE INDEX access_principals_by_to ON access_principals(valid_to) WHERE valid_to IS NOT NULL;

      -- Which principal an actor id belongs to, so a fact that closes later (a team
      -- membership, a direct grant) finds the versions that cite it.
      CREATE TABLE access_actors (
        source_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        fact_key TEXT NOT NULL,
        PRIMARY KEY (source_id, actor_id, ord, fact_key)
      ) STRICT, WITHOUT ROWID;

      -- Every complete collection derived so far, under which inputs (manual links and match
      -- rules, hashed), with what it cost.
      CREATE TABLE access_derivations (
        collection_id INTEGER PRIMARY KEY REFERENCES collections(id),
        inputs_key TEXT NOT NULL,
        derived_at TEXT NOT NULL,
        principals INTEGER NOT NULL,
        opened INTEGER NOT NULL,
        closed INTEGER NOT NULL,
        cpu_ms INTEGER NOT NULL
      ) STRICT;

      -- One row: the inputs the derived rows were computed under, and the newest committed
      -- collection whose fact closings have been written into the evidence they cite.
      CREATE TABLE access_derivation_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        inputs_key TEXT NOT NULL,
        patched_through INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
