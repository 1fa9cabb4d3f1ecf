import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { bodyFields008 } from '../../electron/db/migrations/008-derived-body-fields';
import { analysisContext } from '../../electron/analyze/analysis-context';
import { accessRows } from '../../electron/analyze/point-in-time';
import { diffAccess } from '../../electron/analyze/diff';
import { rebuildDerivedAccess } from '../../electron/analyze/derived/rebuild';
import { CHANGED_BETWEEN_SQL, derivedAccessRows, RANGE_AT_SQL } from '../../electron/analyze/derived/derived-reads';
import { openDatabase } from '../../electron/db/open-database';
import { parseBody } from '../../electron/analyze/derived/body-format';
import { completeCollections } from '../../electron/analyze/collection-points';
import type { Harness } from '../analyze/builders';
import { derivedHistory } from './derived-history';


/** Puts the derived bodies back the way schema 6 and 7 stored them (a JSON array) and the file back at schema 7. */
function asSchema7(h: Harness): number {
  const rows = h.db.prepare('SELECT source_id, ord, fact_key, valid_from, body FROM access_principals').raw().all() as [string, number, string, number, string][];
  const update = h.db.prepare('UPDATE access_principals SET body = ? WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_from = ?');
  for (const [sourceId, ord, factKey, from, body] of rows) update.run(JSON.stringify(parseBody(body)), sourceId, ord, factKey, from);
  // What 009 added did not exist yet either.
  h.db.exec('DROP INDEX access_principals_listing; ALTER TABLE access_principals DROP COLUMN flags; ALTER TABLE access_principals DROP COLUMN shape_id;');
  // Nor 010's and 011's tables.
  h.db.exec('DROP TABLE retired_sources; DROP TABLE finding_versions; DROP TABLE finding_versions_backfilled; ALTER TABLE fact_digests DROP COLUMN sha256; ALTER TABLE collection_sources DROP COLUMN content_hash_scheme; ');
  h.db.pragma('user_version = 7');
  return rows.length;
}

const engineRows = (h: Harness, c: number) => accessRows(analysisContext(h.db, c, { depth: 'access' }), { includeInactive: true });

describe('migration 008: derived bodies as fields', () => {
  it('converts schema-7 bodies in place: every collection reads back what the engine computes, without deriving again', async () => {
    const { h, complete } = await derivedHistory();
    const before = complete.map((c) => derivedAccessRows(h.db, c, { includeInactive: true }));
    const dates = completeCollections(h.db).map((c) => new Date(c.finishedAt));
    const diffBefore = diffAccess(h.db, dates[0]!, dates.at(-1)!);
    const versions = asSchema7(h);
    expect(versions).toBeGreaterThan(12);
    expect((h.db.prepare('SELECT body FROM access_principals LIMIT 1').get() as { body: string }).body.startsWith('[')).toBe(true);

    expect(migrate(h.db, allMigrations)).toEqual({ from: 7, to: allMigrations.length });
    expect((h.db.prepare('SELECT count(*) AS n FROM access_principals').get() as { n: number }).n).toBe(versions);
    expect((h.db.prepare(`SELECT count(*) AS n FROM access_principals WHERE body LIKE '[%'`).get() as { n: number }).n).toBe(0);
    complete.forEach((c, i) => {
      const rows = derivedAccessRows(h.db, c, { includeInactive: true });
      expect(rows, `collection ${c}`).not.toBeNull();
      expect(rows, `collection ${c}`).toEqual(engineRows(h, c));
      expect(rows, `collection ${c}`).toEqual(before[i]);
    });
    expect(diffAccess(h.db, dates[0]!, dates.at(-1)!)).toEqual(diffBefore);
    expect(diffBefore.changes.length).toBeGreaterThan(0);
  });

  it('drops derived access (read from the engine until derived again) when a stored body is not a schema-6 array', async () => {
    const { h, complete } = await derivedHistory();
    asSchema7(h);
    h.db.prepare(`UPDATE access_principals SET body = '{"not":"a body"}' WHERE (source_id, ord, fact_key, valid_from) = (SELECT source_id, ord, fact_key, valid_from FROM access_principals ORDER BY valid_from DESC LIMIT 1)`).run();
    migrate(h.db, allMigrations);
    for (const table of ['access_principals', 'access_actors', 'access_shapes', 'access_derivations', 'access_derivation_state']) {
      expect((h.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect(derivedAccessRows(h.db, complete.at(-1)!)).toBeNull();
    rebuildDerivedAccess(h.db, h.clock);
    for (const c of complete) expect(derivedAccessRows(h.db, c, { includeInactive: true })).toEqual(engineRows(h, c));
  });

  it('refuses what is not a schema-6 body', () => {
    for (const bad of ['', 'null', '[]', '{"a":1}', '[0,"m","a",null,null,null,null,20,1,null,null,null,[],1]', JSON.stringify([2, 'm', 'a', null, null, null, null, 20, 1, null, null, null, [], 1, []])]) {
      expect(bodyFields008(bad), bad).toBeNull();
    }
    expect(bodyFields008(JSON.stringify([0, 'm', 'a', null, null, null, null, 20, 1, null, null, null, [], 1, [[0, 'k', 1]]]))).toBeNull();
  });

  it('reads a key range as of a collection in clustered order, and the versions between two collections through their indexes, without scanning', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const range = plan(RANGE_AT_SQL, 's', 0, 10, 5, 5);
    expect(range).toMatch(/SEARCH access_principals USING PRIMARY KEY \(source_id=\? AND ord>\? AND ord<\?\)/);
    expect(range).not.toMatch(/TEMP B-TREE/);
    const between = plan(CHANGED_BETWEEN_SQL, { lo: 3, hi: 9 });
    expect(between).toMatch(/SEARCH access_principals USING INDEX access_principals_by_from/);
    expect(between).toMatch(/SEARCH access_principals USING INDEX access_principals_by_to/);
    expect(between).not.toMatch(/SCAN access_principals/);
    db.close();
  });
});
