import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../electron/cli/main';
import { openCore } from '../../electron/api/open-core';
import { silentLogger } from '../../electron/platform/logger';
import { ManualClock } from '../../electron/platform/clock';
import { appendLedger } from '../../electron/evidence/ledger';
import { savePolicy } from '../../electron/analyze/policy/policy-store';
import { demoPolicy } from '../../electron/analyze/policy/demo-policy';
import { orgPolicyHints } from '../../electron/simulate/org/org-policy-hints';
import { generateOrg } from '../../electron/simulate/org/generate-org';
import { demoMayWrite, inspectDemoTarget } from '../../electron/simulate/demo/demo-target';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: { ...process.env, ACCESS_LEDGER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-')) }, onStop: () => undefined };
  return runCli(args, io).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

/**
 * The database file's SHA-256 and what its WAL holds. Reading it (read-only, as the check does)
 * may leave SQLite's empty -wal and -shm beside it, as any reader does; nothing may be in the WAL.
 */
function snapshot(file: string): { sha256: string; wal: number } {
  const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  return { sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), wal };
}

/** A database as a QA tester left it through `serve`: one saved connection, nothing collected. */
async function realDatabase(dir: string): Promise<string> {
  const file = path.join(dir, 'real.db');
  const core = openCore({ databasePath: file, logger: silentLogger });
  await core.service.call('saveConnection', { connection: { id: 'okta', kind: 'okta', url: 'https://acme.okta.com', auth: { type: 'ssws', tokenEnv: 'OKTA_TOKEN' } } }, { actor: 'qa' });
  await core.close();
  return file;
}

const REFUSAL = 'already holds 1 saved connection and 1 ledger entry; the demo only writes to a new file or one it made itself (use a new --db path).';

describe('the demo never writes into a database with real work in it', () => {
  it('`demo --db` refuses a database holding only a saved connection, says so before building, and leaves it byte for byte', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-target-'));
    const file = await realDatabase(dir);
    const before = snapshot(file);
    const r = await run(['demo', '--db', file, '--days', '3', '--people', '20']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`access-ledger: ${file} ${REFUSAL}\n`);
    expect(r.err).not.toMatch(/Building/);
    expect(snapshot(file)).toEqual(before);
  });

  it('`serve --demo --db` refuses it too, before opening it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-target-'));
    const file = await realDatabase(dir);
    const before = snapshot(file);
    const r = await run(['serve', '--demo', '--db', file, '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`access-ledger: ${file} ${REFUSAL} To serve it as it is, leave out --demo.\n`);
    expect(r.out).not.toMatch(/Building the demo/);
    expect(snapshot(file)).toEqual(before);
  });

  it('a single setting or a lone ledger entry is enough to refuse; an empty database or empty file is not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-target-'));
    const setting = path.join(dir, 'setting.db');
    const core = openCore({ databasePath: setting, logger: silentLogger });
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 30 });
    await core.close();
    expect(inspectDemoTarget(setting)).toMatchObject({ empty: false, madeByDemo: false, holds: '1 setting and 1 ledger entry' });
    expect(demoMayWrite(inspectDemoTarget(setting))).toBe(false);

    const blank = path.join(dir, 'blank.db');
    await openCore({ databasePath: blank, logger: silentLogger }).close();
    expect(demoMayWrite(inspectDemoTarget(blank))).toBe(true);
    fs.writeFileSync(path.join(dir, 'zero.db'), '');
    expect(demoMayWrite(inspectDemoTarget(path.join(dir, 'zero.db')))).toBe(true);
    expect(demoMayWrite(inspectDemoTarget(path.join(dir, 'missing.db')))).toBe(true);
  });

  it('a file the demo made: built again only while nothing but the demo wrote to it and it has no collection yet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-target-'));
    const file = path.join(dir, 'demo.db');
    const clock = new ManualClock('2026-06-01T06:00:00Z');
    // What the demo writes before its first poll (stopped there: Ctrl-C, a crash).
    const core = openCore({ databasePath: file, clock, logger: silentLogger });
    savePolicy(core.db, clock, demoPolicy(orgPolicyHints(generateOrg({ seed: 1, people: 20, start: '2026-06-01' }))), 'demo', { note: 'policy of the demo organisation' });
    appendLedger(core.db, clock, { actor: 'demo', action: 'demo.started', subject: file, details: {} });
    expect(inspectDemoTarget(file)).toMatchObject({ madeByDemo: true, onlyDemo: true, collections: 0 });
    expect(demoMayWrite(inspectDemoTarget(file))).toBe(true);
    // Someone then saved a connection in it: that is their work, not the demo's.
    await core.service.call('saveConnection', { connection: { id: 'hr', kind: 'hr_csv', path: '/tmp/roster.csv' } }, { actor: 'ana' });
    await core.close();
    expect(inspectDemoTarget(file)).toMatchObject({ madeByDemo: true, onlyDemo: false });
    expect(demoMayWrite(inspectDemoTarget(file))).toBe(false);
  });

  it('a finished demo is not built over: `demo` refuses it and points at serving it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-target-'));
    const file = path.join(dir, 'demo.db');
    expect((await run(['demo', '--db', file, '--days', '1', '--people', '20'])).code).toBe(0);
    const before = snapshot(file);
    const again = await run(['demo', '--db', file, '--days', '1', '--people', '20']);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`access-ledger: ${file} already holds a demo history (1 collection); the demo does not add to it (use a new --db path, or explore this one: access-ledger serve --db ${JSON.stringify(file)}).\n`);
    expect(snapshot(file)).toEqual(before);
  }, 60_000);
});
