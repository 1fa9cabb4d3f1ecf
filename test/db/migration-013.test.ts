import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { verifyLedger } from '../../electron/evidence/ledger';
import { contentHashFromRows } from '../../electron/collect/store/content-hash';
import { collect, harness, idpUser, plusDays } from '../analyze/builders';
import { referenceContentHash } from '../fixtures/content-hash-reference';

const D0 = '2026-05-01T06:00:00.000Z';
const okta = (n: number) => ({ id: 'okta', kind: 'okta' as const, items: Array.from({ length: n }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) });

describe('migration 013: content hashes name each open fact\'s start (scheme 3)', () => {
  it('empties the scheme-2 leaves of a schema-12 file, keeping every digest; the next collection records scheme 3, fills them and verifies', async () => {
    const h = harness();
    await collect(h, D0, [okta(40)]);
    // As a schema-12 file holds it: leaves and the recorded hash under scheme 2.
    const scheme2 = contentHashFromRows(h.db, 'okta', 2);
    const leaf3 = h.db.prepare(`SELECT sha256 FROM fact_digests ORDER BY stream, bucket LIMIT 1`).pluck().get();
    h.db.prepare('UPDATE collection_sources SET content_hash = ?, content_hash_scheme = 2').run(scheme2);
    const digests = h.db.prepare('SELECT stream, bucket, digest, count FROM fact_digests ORDER BY stream, bucket').all();
    h.db.pragma('user_version = 12');

    expect(migrate(h.db, allMigrations)).toEqual({ from: 12, to: allMigrations.length });
    expect(h.db.prepare('SELECT count(*) FROM fact_digests WHERE sha256 IS NOT NULL').pluck().get()).toBe(0);
    expect(h.db.prepare('SELECT stream, bucket, digest, count FROM fact_digests ORDER BY stream, bucket').all()).toEqual(digests);
    expect(h.db.prepare('SELECT content_hash_scheme FROM collection_sources').pluck().all()).toEqual([2]);

    // Nothing changed, but the last hash is scheme 2: the next collection takes it again under 3.
    await collect(h, plusDays(D0, 1), [okta(40)]);
    expect(h.db.prepare('SELECT content_hash_scheme FROM collection_sources ORDER BY collection_id').pluck().all()).toEqual([2, 3]);
    expect(h.db.prepare('SELECT content_hash FROM collection_sources ORDER BY collection_id DESC LIMIT 1').pluck().get()).toBe(referenceContentHash(h.db, 'okta'));
    expect(h.db.prepare('SELECT count(*) FROM fact_digests WHERE sha256 IS NULL').pluck().get()).toBe(0);
    expect(h.db.prepare(`SELECT sha256 FROM fact_digests ORDER BY stream, bucket LIMIT 1`).pluck().get()).toEqual(leaf3);
    expect(verifyLedger(h.db).disagreements).toEqual([]);
  });
});
