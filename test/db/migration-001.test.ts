import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { migration001 } from '../../electron/db/migrations/001-settings-and-ledger';

describe('migration 001: settings and ledger', () => {
  const db = new Database(':memory:');
  migrate(db, [migration001]);

  it('makes ledger entries append-only inside the database', () => {
    db.prepare(
      `INSERT INTO ledger_entries (seq, at, actor, action, subject, details_json, prev_hash, hash) VALUES (1, 't', 'a', 'x', 's', '{}', 'p', 'h')`,
    ).run();
    expect(() => db.prepare("UPDATE ledger_entries SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
  });

  it('finds ledger entries by action through its index', () => {
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM ledger_entries WHERE action = 'x' ORDER BY seq").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX ledger_entries_by_action/);
  });

  it('reads the ledger head by primary key', () => {
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/USE TEMP B-TREE/);
  });
});
