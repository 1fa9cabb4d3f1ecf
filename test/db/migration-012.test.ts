import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { collect, harness, idpUser } from '../analyze/builders';

describe('migration 012: content hashes by bucket', () => {
  it('gives a schema-11 file empty leaves and marks the hashes recorded so far as scheme 1, keeping every row', async () => {
    const h = harness();
    await collect(h, '2026-05-01T06:00:00.000Z', [{ id: 'okta', kind: 'okta', items: Array.from({ length: 40 }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) }]);
    const digests = h.db.prepare('SELECT stream, bucket, digest, count FROM fact_digests ORDER BY stream, bucket').all();
    const sources = h.db.prepare('SELECT collection_id, source_id, content_hash FROM collection_sources').all();
    h.db.exec('ALTER TABLE fact_digests DROP COLUMN sha256; ALTER TABLE collection_sources DROP COLUMN content_hash_scheme;');
    h.db.pragma('user_version = 11');
    expect(migrate(h.db, allMigrations)).toEqual({ from: 11, to: allMigrations.length });
    expect(h.db.prepare('SELECT stream, bucket, digest, count FROM fact_digests ORDER BY stream, bucket').all()).toEqual(digests);
    expect(h.db.prepare('SELECT count(*) FROM fact_digests WHERE sha256 IS NOT NULL').pluck().get()).toBe(0);
    expect(h.db.prepare('SELECT collection_id, source_id, content_hash FROM collection_sources').all()).toEqual(sources);
    expect(h.db.prepare('SELECT DISTINCT content_hash_scheme FROM collection_sources').pluck().all()).toEqual([1]);
  });
});
