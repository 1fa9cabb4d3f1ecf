import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../electron/evidence/ledger';
import { savePolicy } from '../../electron/analyze/policy/policy-store';
import { collect, harness, idpUser, plusDays } from '../analyze/builders';

const D0 = '2026-05-01T06:00:00.000Z';

/** Two complete collections, a degraded one, and a saved policy: every one of them on the ledger. */
async function history() {
  const h = harness();
  const okta = (n: number) => ({ id: 'okta', kind: 'okta' as const, items: Array.from({ length: n }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) });
  await collect(h, D0, [okta(3)]);
  await collect(h, plusDays(D0, 1), [okta(2)]);
  await collect(h, plusDays(D0, 2), [{ ...okta(2), outcome: 'degraded' as const }]);
  savePolicy(h.db, h.clock, { dormancyDays: 60 }, 'ana@x.io', { note: 'tighter' });
  return h;
}

describe('the ledger against the tables it recorded', () => {
  it('an untouched history verifies, with nothing in disagreement', async () => {
    const h = await history();
    expect(verifyLedger(h.db)).toMatchObject({ ok: true, brokenAt: null, problem: null, disagreements: [] });
  });

  it("catches a collection's status or content hash changed in place", async () => {
    const h = await history();
    h.db.prepare(`UPDATE collections SET status = 'complete' WHERE id = 3`).run();
    h.db.prepare(`UPDATE collections SET content_hash = 'feed' WHERE id = 1`).run();
    const v = verifyLedger(h.db);
    expect(v.ok).toBe(false);
    expect(v.disagreements).toEqual([
      expect.stringMatching(/^collection 1's content hash differs from the one ledger entry \d+ records$/),
      expect.stringMatching(/^collection 3 is "complete" in the collections table but ledger entry \d+ records "degraded"$/),
    ]);
    expect(v.problem).toMatch(/\(and 1 more\)$/);
  });

  it('catches the newest entries cut off (a collection with no entry) and a policy version edited', async () => {
    const h = await history();
    h.db.exec('DROP TRIGGER ledger_entries_no_delete; DROP TRIGGER ledger_entries_no_update;');
    const newestCollectionEntry = h.db.prepare(`SELECT max(seq) FROM ledger_entries WHERE action LIKE 'collection.%'`).pluck().get() as number;
    h.db.prepare('DELETE FROM ledger_entries WHERE seq >= ?').run(newestCollectionEntry);
    expect(verifyLedger(h.db).disagreements).toEqual([
      'collection 3 (degraded) has no ledger entry: the ledger\'s newest entries may have been cut off, or the row was written behind its back',
      'policy version 1 has no ledger entry',
    ]);

    const fresh = await history();
    fresh.db.prepare(`UPDATE policy_versions SET json = replace(json, '60', '600') WHERE version = 1`).run();
    expect(verifyLedger(fresh.db).disagreements).toEqual([expect.stringMatching(/^policy version 1 differs from the one ledger entry \d+ records \(content hash\)$/)]);
  });

  it('catches a retirement or recorded findings that no ledger entry wrote', async () => {
    const h = await history();
    h.db.prepare(`INSERT INTO retired_sources (source_id, retired_at, actor, last_read_in, reason) VALUES ('okta', '2026-05-04T00:00:00Z', 'mallory', 2, NULL)`).run();
    h.db.prepare(`INSERT INTO finding_runs (collection_id, policy_version, computed_at, total, opened, reopened, resolved) VALUES (2, 0, '2026-05-04T00:00:00Z', 0, 0, 0, 0)`).run();
    expect(verifyLedger(h.db).disagreements).toEqual(['findings of collection 2 are recorded with no ledger entry', 'source "okta" is retired with no ledger entry retiring it']);
  });
});
