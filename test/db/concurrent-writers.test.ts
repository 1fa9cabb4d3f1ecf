import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../electron/db/open-database';

/**
 * The derived-access worker writes to the same file as the main connection. A transaction
 * that reads and then writes must not fail because the other connection committed in
 * between (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out): transactions take the
 * write lock when they begin, so the other writer waits instead.
 */
describe('two connections writing the same database', () => {
  const opened: Db[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('a read-then-write transaction keeps its turn while another connection tries to write', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-writers-')), 'ledger.db');
    const main = openDatabase(file);
    const worker = openDatabase(file, { busyTimeoutMs: 50 });
    opened.push(main, worker);
    main.exec('CREATE TABLE t (n INTEGER)');
    main.prepare('INSERT INTO t VALUES (1)').run();
    let workerError: unknown = null;
    main.transaction(() => {
      const n = (main.prepare('SELECT max(n) AS n FROM t').get() as { n: number }).n;
      try {
        worker.prepare('INSERT INTO t VALUES (100)').run();
      } catch (error) {
        workerError = error;
      }
      main.prepare('INSERT INTO t VALUES (?)').run(n + 1);
    })();
    expect(String(workerError)).toMatch(/database is locked/);
    expect((main.prepare('SELECT group_concat(n) AS all_n FROM t').get() as { all_n: string }).all_n).toBe('1,2');
  });
});
