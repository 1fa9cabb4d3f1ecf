import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';

/** Derived access is read by range scans and point lookups, never by scanning its history. */
describe('migration 006: derived access intervals', () => {
  const db = new Database(':memory:');
  const result = migrate(db, allMigrations.slice(0, 6));
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('applies on top of the earlier migrations', () => {
    expect(result.to).toBe(6);
  });

  it('reads one account as of a collection in clustered order, without sorting', () => {
    const p = plan(
      `SELECT body FROM access_principals WHERE source_id = 's' AND valid_from <= 5 AND (valid_to IS NULL OR valid_to > 5) ORDER BY source_id, ord, fact_key`,
    );
    expect(p).toMatch(/SEARCH access_principals USING PRIMARY KEY \(source_id=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('finds the versions that start or end between two collections through their indexes', () => {
    const p = plan(`SELECT body FROM access_principals WHERE (valid_from > 3 AND valid_from <= 9) OR (valid_to > 3 AND valid_to <= 9)`);
    expect(p).toMatch(/access_principals_by_from/);
    expect(p).toMatch(/access_principals_by_to/);
  });

  it("finds an actor's open row through the actor index and the primary key", () => {
    const p = plan(
      `SELECT p.body FROM access_actors a CROSS JOIN access_principals p ON p.source_id = a.source_id AND p.ord = a.ord AND p.fact_key = a.fact_key AND p.valid_to IS NULL
       WHERE a.source_id = 's' AND a.actor_id = 'x'`,
    );
    expect(p).toMatch(/SEARCH a USING PRIMARY KEY \(source_id=\? AND actor_id=\?\)/);
    expect(p).toMatch(/SEARCH p USING PRIMARY KEY \(source_id=\? AND ord=\? AND fact_key=\?\)/);
  });

  it('keeps one derivation state row', () => {
    db.prepare(`INSERT INTO access_derivation_state (id, inputs_key, patched_through) VALUES (1, 'k', 0)`).run();
    expect(() => db.prepare(`INSERT INTO access_derivation_state (id, inputs_key, patched_through) VALUES (2, 'k', 0)`).run()).toThrow(/CHECK/);
  });
});
