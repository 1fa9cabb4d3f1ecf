import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';

/** The queries the fact store exists for must run on its clustered key, never a full scan. */
describe('migration 002: collections and facts', () => {
  const db = new Database(':memory:');
  migrate(db, allMigrations.slice(0, 2));
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('reads a kind as of a collection through the primary key', () => {
    const p = plan(`SELECT key, value_json FROM facts WHERE source_id = 's' AND kind = 'idp_user' AND valid_from <= 5 AND (valid_to IS NULL OR valid_to > 5)`);
    expect(p).toMatch(/SEARCH facts USING PRIMARY KEY \(source_id=\? AND kind=\?\)/);
  });

  it('finds the open version of a key through the primary key during merges', () => {
    const p = plan(`SELECT 1 FROM facts f WHERE f.source_id = 's' AND f.kind = 'k' AND f.bucket = 7 AND f.key = 'x' AND f.valid_to IS NULL`);
    expect(p).toMatch(/SEARCH f USING PRIMARY KEY \(source_id=\? AND kind=\? AND bucket=\? AND key=\?\)/);
  });

  it('walks one source in key order for the content hash without sorting', () => {
    const p = plan(
      `SELECT kind || key || value_json FROM facts WHERE source_id = 's' AND valid_to IS NULL AND (kind, bucket, key) > ('a', 1, 'b') ORDER BY source_id, kind, bucket, key, valid_from LIMIT 5000`,
    );
    expect(p).toMatch(/SEARCH facts USING PRIMARY KEY \(source_id=\? AND \(kind,bucket,key\)>\(\?,\?,\?\)\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('compares one bucket of a source through the primary key', () => {
    const p = plan(`SELECT key FROM facts WHERE source_id = 's' AND kind = 'k' AND bucket = 3 AND valid_to IS NULL`);
    expect(p).toMatch(/SEARCH facts USING PRIMARY KEY \(source_id=\? AND kind=\? AND bucket=\?\)/);
  });

  it('finds the current snapshot through the status index', () => {
    const p = plan(`SELECT id FROM collections WHERE status = 'complete' ORDER BY id DESC LIMIT 1`);
    expect(p).toMatch(/SEARCH collections USING (COVERING )?INDEX collections_by_status \(status=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('deduplicates events by source and id', () => {
    db.prepare(`INSERT INTO collections (id, started_at, status, trigger) VALUES (1, 't', 'complete', 'test')`).run();
    const insert = db.prepare(
      `INSERT OR IGNORE INTO source_events (source_id, event_id, occurred_at, type, target_ids_json, detail_json, collection_id) VALUES ('s', 'e1', 't', 'x', '[]', '{}', 1)`,
    );
    expect(insert.run().changes).toBe(1);
    expect(insert.run().changes).toBe(0);
  });
});
