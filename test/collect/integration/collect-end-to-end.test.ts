import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateOrg } from '../../../electron/simulate/org/generate-org';
import { evolveOrg } from '../../../electron/simulate/org/evolve-org';
import { createRng } from '../../../electron/simulate/org/rng';
import { startSimulatorSuite, type SimSuite } from '../../../electron/simulate/sim-suite';
import { openCore } from '../../../electron/api/open-core';
import { runCli } from '../../../electron/cli/main';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { currentCollectionId, getCollection } from '../../../electron/collect/store/collection-rows';
import { createHttpClient } from '../../../electron/collect/http/undici-client';
import { verifyLedger } from '../../../electron/evidence/ledger';

let suite: SimSuite;
let dir: string;
const org = generateOrg({ seed: 11, people: 60, start: '2026-06-01' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-e2e-collect-'));
  suite = await startSimulatorSuite(org, { dir, systems: ['okta', 'entra', 'scim', 'hr', 'prefect'] });
});
afterAll(async () => {
  await suite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cliIo(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env, onStop: () => undefined } };
}

/** Every byte the database keeps on disk, WAL included. */
function databaseBytes(file: string): string {
  return [file, `${file}-wal`, `${file}-shm`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('');
}

describe('collect against all five simulators', () => {
  it('collects every source completely through the CLI, twice, and the second poll adds almost nothing', async () => {
    const db = path.join(dir, 'cli.db');
    const first = cliIo({ ...process.env, ...suite.env });
    expect(await runCli(['collect', '--config', suite.configPath, '--db', db, '--json'], first.io)).toBe(0);
    const summary = JSON.parse(first.out.join('')) as { status: string; sources: { sourceId: string; status: string; records: number }[] };
    expect(summary.status).toBe('complete');
    expect(summary.sources.map((s) => s.sourceId).sort()).toEqual(['entra', 'hr', 'okta', 'prefect', 'scim']);
    for (const s of summary.sources) expect(s.records, s.sourceId).toBeGreaterThan(0);

    const second = cliIo({ ...process.env, ...suite.env });
    expect(await runCli(['collect', '--config', suite.configPath, '--db', db, '--json'], second.io)).toBe(0);
    const again = JSON.parse(second.out.join('')) as { status: string; sources: { sourceId: string; factsOpened: number; factsClosed: number; mode: string }[] };
    expect(again.status).toBe('complete');
    // Nothing changed in the organisation: no fact versions, and Entra switches to a delta read.
    for (const s of again.sources) expect([s.sourceId, s.factsOpened, s.factsClosed]).toEqual([s.sourceId, 0, 0]);
    expect(again.sources.find((s) => s.sourceId === 'entra')?.mode).toBe('delta');
  });

  it('the installed command waits for its findings and derived access, then prints the summary', async () => {
    // A process of its own: nothing else (no simulator, no test runner) keeps it alive while
    // the background worker judges, which is how a person runs it.
    if (!fs.existsSync(path.resolve('dist/cli.cjs'))) throw new Error('dist/cli.cjs missing: npm test builds before running tests');
    const db = path.join(dir, 'bin.db');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['electron/cli/bin.cjs', 'collect', '--config', suite.configPath, '--db', db, '--json'], {
        env: { ...process.env, ...suite.env, ACCESS_LEDGER_HOME: dir },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(code, stderr).toBe(0);
    // Five sources read at once put more than Node's default of 10 listeners on the run's signal.
    expect(stderr).not.toMatch(/MaxListenersExceededWarning/);
    const summary = JSON.parse(stdout) as { id: number; status: string };
    expect(summary.status).toBe('complete');
    const check = new Database(db, { readonly: true });
    try {
      expect(check.prepare('SELECT collection_id FROM finding_runs').pluck().all()).toEqual([summary.id]);
      expect(check.prepare('SELECT collection_id FROM access_derivations').pluck().all()).toEqual([summary.id]);
    } finally {
      check.close();
    }
  }, 60_000);

  it('never writes a credential to the database, the logs, or the output', async () => {
    const file = path.join(dir, 'secrets.db');
    const logger = createMemoryLogger();
    const core = openCore({ databasePath: file, configFile: suite.configPath, env: { ...process.env, ...suite.env }, logger, createHttpClient: () => createHttpClient({ proxy: 'none' }) });
    const outcome = await core.collection.runToEnd('test', 'tester');
    expect(outcome.status).toBe('complete');
    await core.close();
    const secrets = [...Object.values(suite.env), ...org.prefect.bots.flatMap((b) => b.apiKeys.map((k) => k.secret))];
    const bytes = databaseBytes(file);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(bytes.includes(secret), 'secret in database').toBe(false);
      expect(logger.lines.join('\n').includes(secret), 'secret in log').toBe(false);
    }
  });

  it('a wrong credential fails the collection with a clear error that does not repeat it, and stores nothing', async () => {
    const file = path.join(dir, 'wrong.db');
    const wrong = 'pnu_' + 'x'.repeat(36);
    const run = cliIo({ ...process.env, ...suite.env, SIM_PREFECT_API_KEY: wrong });
    expect(await runCli(['collect', '--config', suite.configPath, '--db', file], run.io)).toBe(1);
    const text = run.out.join('') + run.err.join('');
    expect(text).toMatch(/FAILED/);
    expect(text).toMatch(/prefect: .*(rejected|401)/i);
    expect(text).not.toContain(wrong);
    expect(databaseBytes(file).includes(wrong)).toBe(false);
    const core = openCore({ databasePath: file, logger: createMemoryLogger() });
    expect(currentCollectionId(core.db)).toBeNull();
    expect((core.db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n).toBe(0);
    await core.close();
  });

  it('names the missing environment variable and the bad config key', async () => {
    const missing = cliIo({ PATH: process.env.PATH });
    expect(await runCli(['collect', '--config', suite.configPath, '--db', path.join(dir, 'm.db')], missing.io)).toBe(1);
    expect(missing.err.join('')).toMatch(/needs a credential in environment variable SIM_\w+, which is not set/);

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'sources:\n  - id: okta\n    kind: okta\n    url: https://acme.okta.com\n    auth: { type: ssws, token: "not-here" }\n');
    const badRun = cliIo(process.env);
    expect(await runCli(['collect', '--config', bad, '--db', path.join(dir, 'b.db')], badRun.io)).toBe(1);
    expect(badRun.err.join('')).toMatch(/bad\.yaml: sources\[0\]\.auth(\.tokenEnv)?.* \(source "okta"\)/);
    const usage = cliIo(process.env);
    expect(await runCli(['collect'], usage.io)).toBe(2);
  });

  it('a read cut mid-page by a dead connection fails cleanly and leaves the last snapshot current', async () => {
    const file = path.join(dir, 'cut.db');
    const env = { ...process.env, ...suite.env };
    const http = () => createHttpClient({ proxy: 'none', maxRetries: 1, backoffBaseMs: 5 });
    const core = openCore({ databasePath: file, configFile: suite.configPath, env, logger: createMemoryLogger(), createHttpClient: http });
    const good = await core.collection.runToEnd('test', 'tester');
    expect(good.status).toBe('complete');
    const before = core.db.prepare('SELECT * FROM facts ORDER BY source_id, kind, key, valid_from').all();
    evolveOrg(org, createRng(5), { days: 3 });
    await suite.refreshRoster();
    suite.prefect!.faults.push({ match: 'account_memberships/filter', kind: 'reset', times: 10 });
    const cut = await core.collection.runToEnd('test', 'tester');
    suite.prefect!.faults.length = 0;
    expect(cut.status).toBe('failed');
    expect(cut.error).toMatch(/prefect: .*connection reset/);
    expect(currentCollectionId(core.db)).toBe(good.collectionId);
    expect(core.db.prepare('SELECT * FROM facts ORDER BY source_id, kind, key, valid_from').all()).toEqual(before);
    expect(getCollection(core.db, cut.collectionId)!.sources.find((s) => s.sourceId === 'prefect')!.status).toBe('failed');

    // Cancelling while a page hangs: the run ends promptly as cancelled, nothing stored.
    suite.okta!.faults.push({ match: '/api/v1/groups', kind: 'hang', times: 1 });
    const started = await core.collection.start('test', 'tester');
    setTimeout(() => core.collection.cancel(started.collectionId), 300);
    const cancelled = await started.done;
    suite.okta!.faults.length = 0;
    expect(cancelled.status).toBe('cancelled');
    expect(currentCollectionId(core.db)).toBe(good.collectionId);
    expect(verifyLedger(core.db).ok).toBe(true);
    await core.close();
  });
});
