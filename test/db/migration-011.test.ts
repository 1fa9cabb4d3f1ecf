import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { refreshFindings } from '../../electron/analyze/findings/findings-store';
import { collect, harness, member, prefectBase } from '../analyze/builders';
import { testPolicy } from '../analyze/findings/helpers';

describe('migration 011: finding versions', () => {
  it('gives every finding of a schema-10 file one version, from its first sighting, with what it says now', async () => {
    const h = harness();
    const c = await collect(h, '2026-05-01T06:00:00.000Z', [{ id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('zed', 'zed@outside.io'), member('yan', 'yan@outside.io')] }]);
    refreshFindings(h.db, h.clock, c.id, testPolicy());
    const findings = h.db.prepare('SELECT id, first_seen, severity, title, evidence_json, details_json, policy_version FROM findings ORDER BY id').all();
    expect(findings.length).toBeGreaterThan(0);
    h.db.exec('DROP TABLE finding_versions; DROP TABLE finding_versions_backfilled; ALTER TABLE fact_digests DROP COLUMN sha256; ALTER TABLE collection_sources DROP COLUMN content_hash_scheme; ');
    h.db.pragma('user_version = 10');
    expect(migrate(h.db, allMigrations)).toEqual({ from: 10, to: allMigrations.length });
    const versions = h.db
      .prepare('SELECT finding_id AS id, from_collection AS first_seen, severity, title, evidence_json, details_json, policy_version FROM finding_versions ORDER BY finding_id')
      .all();
    expect(versions).toEqual(findings);
    // Severities in recordings up to here are not known from versions: the ledger check skips them.
    expect(h.db.prepare('SELECT through_collection FROM finding_versions_backfilled').pluck().get()).toBe(c.id);
  });
});
