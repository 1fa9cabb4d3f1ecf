import type { Migration } from '../migrate';

/**
 * Collections and interval-encoded facts. A fact holds from the collection that first saw
 * it (valid_from) until the first collection that saw it gone or changed (valid_to, NULL
 * while it still holds), so an unchanged organisation adds no rows per poll and "as of
 * collection C" is `valid_from <= C AND (valid_to IS NULL OR valid_to > C)`.
 * Only a collection that read a source completely may close that source's facts by absence.
 */
export const migration002: Migration = {
  version: 2,
  name: '002-collections-and-facts',
  up(db) {
    db.exec(`
      CREATE TABLE collections (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'degraded', 'failed', 'cancelled')),
        trigger TEXT NOT NULL,
        request_count INTEGER NOT NULL DEFAULT 0,
        counts_json TEXT NOT NULL DEFAULT '{}',
        content_hash TEXT,
        error TEXT,
        -- Which process runs it, so a crashed run can be told from one still going elsewhere.
        runner_pid INTEGER,
        runner_host TEXT
      ) STRICT;
      -- Rowid order within a status: "newest complete collection" is one index step.
      CREATE INDEX collections_by_status ON collections(status);

      CREATE TABLE collection_sources (
        collection_id INTEGER NOT NULL REFERENCES collections(id),
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('complete', 'degraded', 'failed', 'cancelled', 'skipped')),
        mode TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        records INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        quarantined INTEGER NOT NULL DEFAULT 0,
        requests INTEGER NOT NULL DEFAULT 0,
        facts_opened INTEGER NOT NULL DEFAULT 0,
        facts_closed INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT,
        notes_json TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        PRIMARY KEY (collection_id, source_id)
      ) STRICT;
      CREATE INDEX collection_sources_by_source ON collection_sources(source_id, status, collection_id);

      -- Clustered on (source, kind, bucket, key, valid_from): one B-tree holds the data and
      -- serves point-in-time reads (a kind's range), merges (the open version of a key, or all
      -- of one bucket) and timelines (one key's versions), so storage stays close to the facts'
      -- own size. bucket = factBucket(key), see collect/store/fact-digest.ts.
      CREATE TABLE facts (
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        key TEXT NOT NULL,
        valid_from INTEGER NOT NULL REFERENCES collections(id),
        valid_to INTEGER REFERENCES collections(id),
        value_json TEXT NOT NULL,
        PRIMARY KEY (source_id, kind, bucket, key, valid_from)
      ) STRICT, WITHOUT ROWID;

      -- Count and hash sum of the open facts per (source, kind, bucket): a merge compares
      -- these with the new read's and only touches buckets that moved.
      CREATE TABLE fact_buckets (
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        digest INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (source_id, kind, bucket)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE source_events (
        source_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        type TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT,
        target_ids_json TEXT NOT NULL,
        detail_json TEXT NOT NULL,
        collection_id INTEGER NOT NULL REFERENCES collections(id),
        PRIMARY KEY (source_id, event_id)
      ) STRICT;
      CREATE INDEX source_events_by_time ON source_events(occurred_at);

      CREATE TABLE source_cursors (
        source_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        collection_id INTEGER NOT NULL REFERENCES collections(id),
        PRIMARY KEY (source_id, name)
      ) STRICT;

      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        collection_id INTEGER NOT NULL REFERENCES collections(id),
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        location TEXT NOT NULL,
        reason TEXT NOT NULL,
        raw_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX quarantine_by_collection ON quarantine(collection_id);
    `);
  },
};
