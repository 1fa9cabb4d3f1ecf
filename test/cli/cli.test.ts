import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../electron/cli/main';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: { ...process.env, ACCESS_LEDGER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-')) }, onStop: () => undefined };
  return runCli(args, io).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('access-ledger CLI', () => {
  it('--help lists every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['serve', 'demo', 'collect', 'simulate', 'ledger']) expect(r.out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    expect((await run(['--version'])).out.trim()).toBe(pkg.version);
  });

  it('a bad flag or command exits 2 with one clear line', async () => {
    for (const args of [['serve', '--bogus'], ['frobnicate'], ['serve', '--port', 'abc'], ['demo', '--people', '-5'], ['ledger', 'extra']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^access-ledger: /);
    }
  });

  it('a runtime error exits 1 with a clear message and no stack trace unless --debug', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const notDb = path.join(dir, 'notes.db');
    fs.writeFileSync(notDb, 'definitely not sqlite, just some notes\n'.repeat(10));
    const r = await run(['ledger', '--db', notDb]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/notes\.db is not an Access Ledger database/);
    expect(r.err).not.toMatch(/\n\s+at /);
    const debug = await run(['ledger', '--db', notDb, '--debug']);
    expect(debug.err).toMatch(/\n\s+at /);
  });

  it('the installed bin runs the built CLI', () => {
    if (!fs.existsSync(path.resolve('dist/cli.cjs'))) throw new Error('dist/cli.cjs missing: npm test builds before running tests');
    const r = spawnSync(process.execPath, ['electron/cli/bin.cjs', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: access-ledger <command>/);
  });

  it('ledger --verify reports an intact chain after a setting change', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'l.db');
    const { openCore } = await import('../../electron/api/open-core');
    const core = openCore({ databasePath: db, logger: { info() {}, warn() {}, error() {} } });
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 30 });
    await core.close();
    const r = await run(['ledger', '--db', db, '--verify']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Ledger intact: 1 entries/);
  });
});
