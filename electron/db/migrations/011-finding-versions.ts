import type { Migration } from '../migrate';

/**
 * What a finding said at each point of its life. `findings` keeps one row per finding with its
 * latest title, severity, evidence and details, so "the findings open at T" showed what later
 * sightings said: a leaver's finding read "access was removed 103.7 h after leaving" on days
 * the access was still there. A version starts at the collection that opened the finding, and
 * again whenever a recording changes its severity, title, evidence or policy version, or
 * reopens it. Details alone changing (a day count) updates the finding in place, as before,
 * without a version, so a version's details are those of its first collection: never later.
 *
 * Existing findings get one version from their first sighting with what they say now (their
 * past wording was not kept); findings recorded from now on keep their history.
 */
export const migration011: Migration = {
  version: 11,
  name: '011-finding-versions',
  up(db) {
    db.exec(`
      CREATE TABLE finding_versions (
        finding_id TEXT NOT NULL REFERENCES findings(id),
        from_collection INTEGER NOT NULL REFERENCES collections(id),
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        evidence_json TEXT NOT NULL,
        details_json TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        PRIMARY KEY (finding_id, from_collection)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO finding_versions (finding_id, from_collection, severity, title, evidence_json, details_json, policy_version)
        SELECT id, first_seen, severity, title, evidence_json, details_json, policy_version FROM findings;
      -- Recordings up to here have versions filled in after the fact: what a finding said in them
      -- (its severity then) is not known, so the ledger check does not compare their severities.
      CREATE TABLE finding_versions_backfilled (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through_collection INTEGER NOT NULL
      ) STRICT;
      INSERT INTO finding_versions_backfilled (id, through_collection) SELECT 1, coalesce(max(collection_id), 0) FROM finding_runs;
    `);
  },
};
