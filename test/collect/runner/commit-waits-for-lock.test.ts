import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../electron/db/open-database';
import { runCollection, type CollectionDeps } from '../../../electron/collect/run-collection';
import { currentCollectionId } from '../../../electron/collect/store/collection-rows';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { Connector } from '../../../electron/collect/connector';
import { fakeConnector, user } from './fake-connector';
import { noHttp } from '../../fixtures/no-http';


/**
 * Another process takes the database's write lock and holds it for `ms` (as the background
 * worker does while it derives access or records findings); resolves once it holds it.
 */
function holdWriteLock(file: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    db.exec('COMMIT');
    db.close();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(child));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`lock holder exited (${code}) before taking the lock`)));
  });
}

const exited = (child: ChildProcess | null) => new Promise((resolve) => (child === null || child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));

describe('a collection committing while another connection writes', () => {
  const open: Db[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  const setup = (commitLockWaitMs: number) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-commit-lock-')), 'ledger.db');
    // The connection's own wait is short, as a UI request's should be; the commit waits longer.
    const db = openDatabase(file, { busyTimeoutMs: 100 });
    open.push(db);
    const deps: CollectionDeps = { db, clock: new ManualClock('2026-05-01T08:00:00Z'), logger: silentLogger, createHttpClient: noHttp, commitLockWaitMs };
    return { file, db, deps };
  };
  const read = (deps: CollectionDeps, email: string) => runCollection(deps, [fakeConnector('okta', 'okta', { items: [user('u1', email)] })], { trigger: 'test', actor: 'tester' });
  /** A read during which another process takes the write lock and holds it for 1.5 s. */
  const readWhileLocked = async (deps: CollectionDeps, file: string) => {
    let holder: ChildProcess | null = null;
    const connector: Connector = {
      sourceId: 'okta',
      kind: 'okta',
      async *read() {
        yield user('u1', 'ana.new@x.io');
        holder = await holdWriteLock(file, 1_500);
        yield user('u2', 'bo@x.io');
        return { complete: true, mode: 'full', pages: 1, records: 2, events: 0, notes: [] };
      },
    };
    const outcome = await runCollection(deps, [connector], { trigger: 'test', actor: 'tester' });
    return { outcome, holder: holder as ChildProcess | null };
  };

  it('waits for the lock to be released and completes, instead of failing after the connection’s own timeout', async () => {
    const { file, db, deps } = setup(20_000);
    const first = await read(deps, 'ana@x.io');
    const started = Date.now();
    const { outcome: second, holder } = await readWhileLocked(deps, file);
    expect(second.status).toBe('complete');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(currentCollectionId(db)).toBe(second.collectionId);
    expect(second.collectionId).toBeGreaterThan(first.collectionId);
    // The connection's own timeout is back to what it was.
    expect(db.pragma('busy_timeout', { simple: true })).toBe(100);
    await exited(holder);
  }, 30_000);

  it('given up after its wait, the read is never current and the previous snapshot stays', async () => {
    const { file, db, deps } = setup(200);
    const first = await read(deps, 'ana@x.io');
    const { outcome: second, holder } = await readWhileLocked(deps, file);
    expect(second.status).toBe('failed');
    expect(second.error).toMatch(/locked|busy/i);
    await exited(holder);
    expect(currentCollectionId(db)).toBe(first.collectionId);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(100);
  }, 30_000);
});
