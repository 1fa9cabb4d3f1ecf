import type { Migration } from '../migrate';

/**
 * What the analysis keeps besides the collected facts: people's corrections to identity
 * matching, the versions of the access policy, and the findings with their life cycle.
 * Facts stay the only record of what the sources said; these tables hold judgements about
 * them, each change also on the ledger.
 */
export const migration004: Migration = {
  version: 4,
  name: '004-identity-links',
  up(db) {
    db.exec(`
      -- Manual identity links and unlinks. A Prefect user is named by its actor id (stable
      -- across a membership deleted and re-created); a service account by its bot id (the
      -- link names its owner). 'link' forces the match; 'unlink' forbids that identity for it.
      CREATE TABLE identity_links (
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('prefect-user', 'service-account')),
        source_id TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        identity_id TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('link', 'unlink')),
        reason TEXT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (subject_kind, source_id, subject_id, identity_id)
      ) STRICT;

      -- Every version of the access policy ever saved; the newest is in force.
      CREATE TABLE policy_versions (
        version INTEGER PRIMARY KEY,
        json TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        note TEXT
      ) STRICT;

      -- One row per finding id (stable: rule + subject). first_seen/last_seen are the complete
      -- collections that first and last showed it; resolved_in the complete collection that
      -- first no longer did (NULL while open).
      CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
        title TEXT NOT NULL,
        subject_json TEXT NOT NULL,
        identity_id TEXT,
        email TEXT,
        evidence_json TEXT NOT NULL,
        details_json TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        first_seen INTEGER NOT NULL REFERENCES collections(id),
        last_seen INTEGER NOT NULL REFERENCES collections(id),
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        resolved_in INTEGER REFERENCES collections(id)
      ) STRICT;
      CREATE INDEX findings_by_status ON findings(status, severity);
      CREATE INDEX findings_by_identity ON findings(identity_id);
      CREATE INDEX findings_by_email ON findings(email);

      -- Each opening, resolution and re-opening, so "what was open at collection C" and a
      -- person's timeline can be answered after the fact.
      CREATE TABLE finding_events (
        finding_id TEXT NOT NULL REFERENCES findings(id),
        collection_id INTEGER NOT NULL REFERENCES collections(id),
        change TEXT NOT NULL CHECK (change IN ('opened', 'resolved', 'reopened')),
        PRIMARY KEY (finding_id, collection_id)
      ) STRICT;
      CREATE INDEX finding_events_by_collection ON finding_events(collection_id);

      -- Which complete collections had their findings recorded, under which policy version.
      CREATE TABLE finding_runs (
        collection_id INTEGER PRIMARY KEY REFERENCES collections(id),
        policy_version INTEGER NOT NULL,
        computed_at TEXT NOT NULL,
        total INTEGER NOT NULL,
        opened INTEGER NOT NULL,
        reopened INTEGER NOT NULL,
        resolved INTEGER NOT NULL
      ) STRICT;

      -- Audit and System Log events by type: service-account creators, membership deletions
      -- and lifecycle changes are looked up by type prefix, never by scanning every login.
      CREATE INDEX source_events_by_type ON source_events(source_id, type, occurred_at);
    `);
  },
};
