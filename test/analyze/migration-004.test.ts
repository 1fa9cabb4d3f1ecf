import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';

/** The queries the analysis tables exist for use their indexes. */
describe('migration 004: identity links, policy versions, findings', () => {
  const db = new Database(':memory:');
  const result = migrate(db, allMigrations.slice(0, 4));
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('applies on top of the shipped migrations', () => {
    expect(result.to).toBe(4);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
  });

  it('finds audit events by source and type without scanning every event', () => {
    const p = plan(`SELECT * FROM source_events WHERE source_id = 'prefect' AND type = 'prefect-cloud.service-account.created' AND collection_id <= 9 ORDER BY occurred_at`);
    expect(p).toMatch(/SEARCH source_events USING INDEX source_events_by_type \(source_id=\? AND type=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('lists open findings by status and a person\'s findings by identity', () => {
    expect(plan(`SELECT * FROM findings WHERE status = 'open'`)).toMatch(/USING INDEX findings_by_status/);
    expect(plan(`SELECT * FROM findings WHERE identity_id = 'emp:1'`)).toMatch(/USING INDEX findings_by_identity/);
  });

  it('reads one account\'s identity links by primary key', () => {
    expect(plan(`SELECT * FROM identity_links WHERE subject_kind = 'prefect-user' AND source_id = 's' AND subject_id = 'a'`)).toMatch(
      /SEARCH identity_links USING INDEX sqlite_autoindex_identity_links_1 \(subject_kind=\? AND source_id=\? AND subject_id=\?\)/,
    );
  });

  it('refuses a finding with an unknown severity or status', () => {
    db.prepare(`INSERT INTO collections (id, started_at, status, trigger) VALUES (1, 't', 'complete', 'test')`).run();
    const insert = (severity: string, status: string) =>
      db
        .prepare(
          `INSERT INTO findings (id, rule, kind, severity, title, subject_json, evidence_json, details_json, policy_version, first_seen, last_seen, status)
           VALUES (?, 'r', 'k', ?, 't', '{}', '[]', '{}', 0, 1, 1, ?)`,
        )
        .run(`${severity}-${status}`, severity, status);
    expect(() => insert('high', 'open')).not.toThrow();
    expect(() => insert('urgent', 'open')).toThrow(/CHECK/);
    expect(() => insert('high', 'snoozed')).toThrow(/CHECK/);
  });
});
