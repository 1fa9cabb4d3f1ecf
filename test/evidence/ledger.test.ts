import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { appendLedger, listLedger, verifyLedger } from '../../electron/evidence/ledger';
import { ManualClock } from '../../electron/platform/clock';

function freshDb() {
  const db = new Database(':memory:');
  migrate(db, allMigrations);
  return db;
}

describe('ledger', () => {
  it('chains entries and verifies an untouched chain', () => {
    const db = freshDb();
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    for (let i = 0; i < 5; i++) {
      appendLedger(db, clock, { actor: 'ana', action: 'settings.changed', subject: `k${i}`, details: { to: i } });
      clock.advance(1000);
    }
    const v = verifyLedger(db);
    expect(v).toMatchObject({ ok: true, checked: 5, headSeq: 5, brokenAt: null });
    const page = listLedger(db, { limit: 2 });
    expect(page.entries.map((e) => e.seq)).toEqual([5, 4]);
    expect(page.total).toBe(5);
    expect(listLedger(db, { limit: 10, beforeSeq: page.nextBeforeSeq! }).entries.map((e) => e.seq)).toEqual([3, 2, 1]);
  });

  it('detects an entry altered behind the triggers’ back', () => {
    const db = freshDb();
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    for (let i = 0; i < 3; i++) appendLedger(db, clock, { actor: 'ana', action: 'a', subject: 's', details: { i } });
    db.exec('DROP TRIGGER ledger_entries_no_update');
    db.prepare(`UPDATE ledger_entries SET details_json = '{"i":99}' WHERE seq = 2`).run();
    expect(verifyLedger(db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects a deleted entry', () => {
    const db = freshDb();
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    for (let i = 0; i < 3; i++) appendLedger(db, clock, { actor: 'ana', action: 'a', subject: 's' });
    db.exec('DROP TRIGGER ledger_entries_no_delete');
    db.prepare('DELETE FROM ledger_entries WHERE seq = 2').run();
    expect(verifyLedger(db)).toMatchObject({ ok: false, brokenAt: 3, problem: expect.stringMatching(/missing/) });
  });

  it('never stores a secret that slips into details', () => {
    const db = freshDb();
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    appendLedger(db, clock, { actor: 'ana', action: 'a', subject: 's', details: { header: 'Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz' } });
    const raw = JSON.stringify(db.prepare('SELECT * FROM ledger_entries').all());
    expect(raw).not.toContain('00abcdefghijklmnopqrstuvwxyz');
    expect(verifyLedger(db).ok).toBe(true);
  });
});
