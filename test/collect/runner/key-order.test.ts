import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { compareUtf8 } from '../../../electron/collect/store/key-order';

describe('content hash key order', () => {
  it('sorts keys exactly as SQLite’s binary collation does, surrogate pairs and private-use characters included', () => {
    const keys = ['a', 'b', 'ab', '', 'é', 'z\uE000', 'z\uFFFD', 'z😀', 'z\uD7FF', 'z\u{10FFFF}', 'Z', '\u0000x', 'x\u0000', '\uE000', '😀', '\uFFFF', '日本', 'a😀b', 'a\uE001b'];
    const db = new Database(':memory:');
    db.exec('CREATE TABLE k (v TEXT)');
    for (const k of keys) db.prepare('INSERT INTO k VALUES (?)').run(k);
    const sqlite = (db.prepare('SELECT v FROM k ORDER BY v').all() as { v: string }[]).map((r) => r.v);
    expect([...keys].sort(compareUtf8)).toEqual(sqlite);
    // JavaScript's own order would differ here: the check above is not vacuous.
    expect([...keys].sort()).not.toEqual(sqlite);
  });
});
