import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { openDatabase } from '../../electron/db/open-database';

describe('migration 010: retired sources', () => {
  it('adds an empty retired_sources table to a schema-9 file and keeps what it holds', () => {
    const db = openDatabase(':memory:');
    db.exec(`INSERT INTO collections (started_at, status, trigger) VALUES ('2026-01-01T00:00:00Z', 'complete', 'test')`);
    db.exec('DROP TABLE retired_sources; DROP TABLE finding_versions; DROP TABLE finding_versions_backfilled; ALTER TABLE fact_digests DROP COLUMN sha256; ALTER TABLE collection_sources DROP COLUMN content_hash_scheme; ');
    db.pragma('user_version = 9');
    expect(migrate(db, allMigrations)).toEqual({ from: 9, to: allMigrations.length });
    expect(db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all('retired_sources')).toEqual(['source_id', 'retired_at', 'actor', 'last_read_in', 'reason']);
    expect(db.prepare('SELECT count(*) FROM retired_sources').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM collections').pluck().get()).toBe(1);
  });
});
