import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import { openCore } from '../../../electron/api/open-core';
import { runCollection } from '../../../electron/collect/run-collection';
import { currentCollectionId, getCollection } from '../../../electron/collect/store/collection-rows';
import { systemClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import { verifyLedger } from '../../../electron/evidence/ledger';
import { SCRATCH_PREFIX, sweepAbandonedScratch } from '../../../electron/collect/store/scratch-dir';
import { fakeConnector, user } from './fake-connector';

describe('a process killed mid-collection', () => {
  it('loses nothing: the previous snapshot stays current and the run is marked interrupted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-kill-'));
    const file = path.join(dir, 'ledger.db');
    const first = openCore({ databasePath: file, logger: silentLogger });
    const good = await runCollection(
      { db: first.db, clock: systemClock, logger: silentLogger, createHttpClient: () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined }) },
      [fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] })],
      { trigger: 'test', actor: 'tester' },
    );
    const factsBefore = first.db.prepare('SELECT * FROM facts ORDER BY source_id, kind, key, valid_from').all();
    first.close();

    const bundle = path.join(dir, 'child.cjs');
    buildSync({ entryPoints: [path.join(__dirname, 'crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, external: ['better-sqlite3'], logLevel: 'silent', nodePaths: [path.resolve('node_modules')] });
    // The child's own temp folder, to see what its death leaves there.
    const childTmp = path.join(dir, 'tmp');
    fs.mkdirSync(childTmp);
    const child = spawn(process.execPath, [bundle, file], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: path.resolve('node_modules'), TMPDIR: childTmp } });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('hanging') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const after = openCore({ databasePath: file, logger: silentLogger });
    expect(currentCollectionId(after.db)).toBe(good.collectionId);
    expect(after.db.prepare('SELECT * FROM facts ORDER BY source_id, kind, key, valid_from').all()).toEqual(factsBefore);
    const killed = getCollection(after.db, good.collectionId + 1)!;
    expect(killed).toMatchObject({ status: 'failed', error: expect.stringContaining('Interrupted') });
    expect(verifyLedger(after.db).ok).toBe(true);
    after.close();

    // Its exit handler never ran: its stage directory, people's records in it, is still there,
    // and the next process to stage anything removes it.
    const left = fs.readdirSync(childTmp).filter((n) => n.startsWith(SCRATCH_PREFIX));
    expect(left).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(childTmp, left[0]!, 'owner.json'), 'utf8'))).toMatchObject({ pid: child.pid });
    expect(sweepAbandonedScratch(childTmp, Date.now())).toEqual([path.join(childTmp, left[0]!)]);
    expect(fs.readdirSync(childTmp)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
