import { describe, expect, it, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/db/open-database';
import { migrate, type Migration } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';

const dirs: string[] = [];
function tmpFile(name = 'ledger.db'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-db-'));
  dirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates a new database with WAL, foreign keys and the latest schema', () => {
    const file = tmpFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(allMigrations.length);
    db.close();
  });

  it('applies all pending migrations in one transaction: a failing one leaves the version untouched', () => {
    const file = tmpFile();
    const first: Migration = { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER)') };
    const broken: Migration = { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE b (x INTEGER); THIS IS NOT SQL') };
    expect(() => openDatabase(file, { migrations: [first, broken] })).toThrow();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'a'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a database written by a newer version, without changing it', () => {
    const file = tmpFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/newer Access Ledger \(schema 999/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite and leaves it byte for byte', () => {
    const file = tmpFile();
    fs.writeFileSync(file, 'this is a spreadsheet, not a database\n'.repeat(20));
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/not an Access Ledger database.*left untouched/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a corrupt database clearly and does not repair it', () => {
    const file = tmpFile();
    const db = openDatabase(file);
    db.exec('CREATE TABLE filler (x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    // Keep the header, scramble the pages where the schema lives.
    for (let i = 100; i < 8192; i++) bytes[i] = (bytes[i]! * 31 + 7) & 0xff;
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow(/corrupt|not an Access Ledger database/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('explains a read-only database', () => {
    if (process.getuid?.() === 0) {
      // root ignores file modes; use SQLite's own read-only open to exercise the same path.
      const file = tmpFile();
      openDatabase(file).close();
      const db = openDatabase(file, { readonly: true });
      expect(() => db.exec('CREATE TABLE nope (x)')).toThrow(/readonly/i);
      db.close();
      return;
    }
    const file = tmpFile();
    openDatabase(file).close();
    fs.chmodSync(file, 0o444);
    expect(() => openDatabase(file)).toThrow(/read-only/);
  });

  it('explains a database locked by another process', () => {
    const file = tmpFile();
    openDatabase(file).close();
    // Another process takes an exclusive lock and holds it while we try to migrate.
    const holder = `
      const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new D(${JSON.stringify(file)});
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      process.stdout.write('locked\\n');
      setTimeout(() => process.exit(0), 4000);
    `;
    const child = spawn(process.execPath, ['-e', holder]);
    return new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => {
        try {
          expect(() => openDatabase(file, { busyTimeoutMs: 200 })).toThrow(/locked by another process/);
          resolve();
        } catch (e) {
          reject(e);
        } finally {
          child.kill();
        }
      });
    });
  });

  it('a second connection in the same process (the analysis worker) leaves the first one its file locks', () => {
    // POSIX locks belong to the process: closing any descriptor of the file drops them all,
    // and another SQLite client could then delete a WAL this process is still writing.
    const file = tmpFile();
    const first = openDatabase(file);
    first.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('x', '1', '2026-01-01T00:00:00Z')").run();
    const inode = fs.statSync(file).ino;
    const locksHeld = () => fs.readFileSync('/proc/locks', 'utf8').split('\n').filter((l) => l.includes(` ${process.pid} `) && l.includes(`:${inode} `)).length;
    expect(locksHeld()).toBeGreaterThan(0);
    const second = openDatabase(file);
    expect(locksHeld()).toBeGreaterThan(0);
    second.close();
    first.close();
  });

  it('refuses a directory given as the database, naming it', () => {
    const dir = path.dirname(tmpFile());
    expect(() => openDatabase(dir)).toThrow(`${dir} is a directory, not a database file; give a file path with --db (it is created if missing).`);
  });

  it('every migration applies cleanly on :memory: and the versions are sequential', () => {
    const db = new Database(':memory:');
    const result = migrate(db, allMigrations);
    expect(result).toEqual({ from: 0, to: allMigrations.length });
    allMigrations.forEach((m, i) => expect(m.version).toBe(i + 1));
    db.close();
  });

});
