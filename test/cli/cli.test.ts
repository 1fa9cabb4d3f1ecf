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

/** A one-person HR roster. */
const ROSTER = 'employee_id,email,name,status,hire_date,termination_date,department\nE1,ana@x.io,Ana,active,2024-01-02,,Data\n';

/** The roster as a.csv and a config (c.yaml) reading it as the only source, `hr`. */
function writeHrOnlyConfig(dir: string): void {
  fs.writeFileSync(path.join(dir, 'a.csv'), ROSTER);
  fs.writeFileSync(path.join(dir, 'c.yaml'), 'sources:\n  - id: hr\n    kind: hr_csv\n    path: ./a.csv\n');
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

  it('a negative number after a flag is explained, and written with = it reaches the range check', async () => {
    expect((await run(['demo', '--people', '-5'])).err).toBe(`access-ledger: demo: --people needs a value, and one starting with "-" must be written --people=<value> (see 'access-ledger --help')\n`);
    const written = await run(['demo', '--people=-5']);
    expect(written.code).toBe(2);
    expect(written.err).toMatch(/--people must be .*20/);
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

  it('the built CLI keeps the analysis worker\'s info lines off stderr unless --debug; warnings still print', async () => {
    if (!fs.existsSync(path.resolve('dist/cli.cjs'))) throw new Error('dist/cli.cjs missing: npm test builds before running tests');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    writeHrOnlyConfig(dir);
    const collect = (extra: string[]) =>
      spawnSync(process.execPath, ['electron/cli/bin.cjs', 'collect', '--config', path.join(dir, 'c.yaml'), '--db', path.join(dir, 'w.db'), ...extra], { encoding: 'utf8' });
    const quiet = collect([]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toMatch(/^Collection 1: COMPLETE/);
    expect(quiet.stderr).not.toMatch(/ info /);
    const debug = collect(['--debug']);
    expect(debug.status).toBe(0);
    expect(debug.stderr).toMatch(/ info findings judged for 1 collection\(s\) in a worker/);
    // Warnings are not info: they print without --debug.
    const { cliLogger } = await import('../../electron/cli/cli-logger');
    const lines: string[] = [];
    const logger = cliLogger({ stderr: (t) => lines.push(t) }, {});
    logger.info('hidden');
    logger.warn('shown');
    logger.error('shown too');
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(['warn shown\n', 'error shown too\n']);
  });

  it('collect names every quarantined record with where it came from and why (text and --json)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    writeHrOnlyConfig(dir);
    fs.appendFileSync(path.join(dir, 'a.csv'), 'E2,bo@x.io,Bo,active,2023-13-45,,Data\n');
    const db = path.join(dir, 'q.db');
    const text = await run(['collect', '--config', path.join(dir, 'c.yaml'), '--db', db]);
    expect(text.code).toBe(0); // degraded, not failed
    expect(text.out).toMatch(/Collection 1: DEGRADED/);
    expect(text.out).toMatch(/^Quarantined \(1; stored with the collection, none of it counted as access\):\n {2}hr hr_employee .*a\.csv:3: hire_date "2023-13-45" is not a real calendar date$/m);
    const json = JSON.parse((await run(['collect', '--config', path.join(dir, 'c.yaml'), '--db', db, '--json'])).out) as { id: number; quarantine: { total: number; items: { location: string; reason: string }[] } };
    expect(json.id).toBe(2);
    expect(json.quarantine.total).toBe(1);
    expect(json.quarantine.items[0]).toMatchObject({ location: expect.stringMatching(/a\.csv:3$/), reason: 'hire_date "2023-13-45" is not a real calendar date' });
  });

  it('collect names every missing credential at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    fs.writeFileSync(
      path.join(dir, 'two.yaml'),
      'sources:\n  - id: dir\n    kind: scim\n    url: https://scim.example.com/v2\n    auth: { type: bearer, tokenEnv: QA_DIR_TOKEN }\n  - id: prefect\n    kind: prefect\n    accountId: 00000000-0000-4000-8000-000000000000\n    auth: { type: bearer, tokenEnv: QA_PREFECT_KEY }\n',
    );
    const r = await run(['collect', '--config', path.join(dir, 'two.yaml'), '--db', path.join(dir, 'x.db')]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false); // refused before the database was created
    expect(r.err).toMatch(/2 sources cannot be read:\n {2}Source "dir" needs a credential in environment variable QA_DIR_TOKEN, which is not set\.\n {2}Source "prefect" needs a credential in environment variable QA_PREFECT_KEY, which is not set\./);
  });

  it('collect reads every file the config names before it creates the database, and names the config file and key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    writeHrOnlyConfig(dir);
    const config = path.join(dir, 'c.yaml');
    const db = path.join(dir, 'new.db');
    fs.appendFileSync(config, 'network:\n  extraCaFile: ./corp-ca.pem\n');
    const noCa = await run(['collect', '--config', config, '--db', db]);
    expect(noCa.code).toBe(1);
    expect(noCa.err).toBe(`access-ledger: ${config}: network.extraCaFile: cannot read ${path.join(dir, 'corp-ca.pem')} (file not found)\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.csv', 'c.yaml']); // no database, no -wal or -shm
    // The same for serve and the app (openCore): the CA file is read before the database is opened.
    const { openCore } = await import('../../electron/api/open-core');
    expect(() => openCore({ databasePath: db, configFile: config, logger: { info() {}, warn() {}, error() {} } })).toThrow(`${config}: network.extraCaFile: cannot read`);
    expect(fs.existsSync(db)).toBe(false);
    fs.writeFileSync(path.join(dir, 'corp-ca.pem'), 'not a certificate\n');
    expect((await run(['collect', '--config', config, '--db', db])).err).toContain(`${config}: network.extraCaFile: ${path.join(dir, 'corp-ca.pem')} holds no PEM certificate`);
    // The HR roster too, and every problem at once.
    fs.rmSync(path.join(dir, 'a.csv'));
    const both = await run(['collect', '--config', config, '--db', db]);
    expect(both.code).toBe(1);
    expect(both.err).toContain(`2 files the config names cannot be read:\n  ${config}: network.extraCaFile:`);
    expect(both.err).toContain(`\n  ${config}: sources[0].path (source "hr"): cannot read ${path.join(dir, 'a.csv')} (file not found)\n`);
    expect(fs.existsSync(db)).toBe(false);

    // A missing credential too: named in the same run as the files, not one run later.
    fs.writeFileSync(
      config,
      'sources:\n  - id: hr\n    kind: hr_csv\n    path: ./a.csv\n  - id: dir\n    kind: scim\n    url: https://scim.example.com/v2\n    auth: { type: bearer, tokenEnv: QA_DIR_TOKEN_UNSET }\nnetwork:\n  extraCaFile: ./corp-ca.pem\n',
    );
    const all = await run(['collect', '--config', config, '--db', db]);
    expect(all.code).toBe(1);
    expect(all.err).toContain('Source "dir" needs a credential in environment variable QA_DIR_TOKEN_UNSET, which is not set.');
    expect(all.err).toContain(`${config}: sources[0].path (source "hr"): cannot read`);
    expect(all.err).toContain(`${config}: network.extraCaFile:`);
    expect(fs.existsSync(db)).toBe(false);
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

  it('a source dropped from the config degrades collect until `retire` takes it out of service', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'r.db');
    fs.writeFileSync(path.join(dir, 'a.csv'), ROSTER);
    fs.writeFileSync(path.join(dir, 'b.csv'), ROSTER);
    fs.writeFileSync(path.join(dir, 'both.yaml'), 'sources:\n  - id: hr\n    kind: hr_csv\n    path: ./a.csv\n  - id: contractors\n    kind: hr_csv\n    path: ./b.csv\n');
    fs.writeFileSync(path.join(dir, 'one.yaml'), 'sources:\n  - id: hr\n    kind: hr_csv\n    path: ./a.csv\n');
    expect((await run(['collect', '--config', path.join(dir, 'both.yaml'), '--db', db])).out).toMatch(/^Collection 1: COMPLETE/);
    const dropped = await run(['collect', '--config', path.join(dir, 'one.yaml'), '--db', db]);
    expect(dropped.out).toMatch(/^Collection 2: DEGRADED/);
    expect(dropped.out).toMatch(/did not read "contractors" \(last read by collection 1\)/);
    expect((await run(['retire', '--db', db])).code).toBe(2);
    // The reason goes on the ledger: required, as in the app, and checked before anything is opened.
    for (const args of [['--source', 'contractors'], ['--source', 'contractors', '--reason', '  ']]) {
      const noReason = await run(['retire', ...args, '--db', db]);
      expect([noReason.code, noReason.err], args.join(' ')).toEqual([2, "access-ledger: retire: --reason TEXT is required: why the source is gone, recorded on the ledger (see 'access-ledger --help')\n"]);
    }
    const stillThere = await run(['retire', '--source', 'contractors', '--reason', 'merged into hr', '--config', path.join(dir, 'both.yaml'), '--db', db]);
    expect(stillThere.code).toBe(1);
    expect(stillThere.err).toMatch(/Source "contractors" is still configured \(config file .*both\.yaml\): remove it there first/);
    const retired = await run(['retire', '--source', 'contractors', '--reason', 'merged into hr', '--db', db]);
    expect(retired.code).toBe(0);
    expect(retired.out).toMatch(/Retired source "contractors" \(last read completely by collection 1\)/);
    expect((await run(['collect', '--config', path.join(dir, 'one.yaml'), '--db', db])).out).toMatch(/^Collection 3: COMPLETE/);
    expect((await run(['ledger', '--db', db])).out).toMatch(/source\.retired\s+contractors/);
  });

  it('ledger lists past the API page of 500: --limit N pages through, --all lists every entry (text and --json)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'long.db');
    const { openCore } = await import('../../electron/api/open-core');
    const { appendLedger } = await import('../../electron/evidence/ledger');
    const core = openCore({ databasePath: db, logger: { info() {}, warn() {}, error() {} } });
    const N = 1203;
    core.db.transaction(() => {
      for (let i = 1; i <= N; i++) appendLedger(core.db, core.deps.clock, { actor: 'tester', action: 'setting.changed', subject: `change ${i}`, details: { i } });
    })();
    await core.close();
    const seqs = (out: string) => out.trimEnd().split('\n').slice(0, -1).map((l) => Number(l.trim().split(/\s+/)[0]));
    const descending = (from: number, count: number) => Array.from({ length: count }, (_, i) => from - i);

    const all = await run(['ledger', '--all', '--db', db]);
    expect(all.code).toBe(0);
    expect(seqs(all.out)).toEqual(descending(N, N));
    expect(all.out).toMatch(new RegExp(`\n${N} of ${N} entries; chain intact\n$`));
    const some = await run(['ledger', '--limit', '1100', '--db', db]);
    expect(seqs(some.out)).toEqual(descending(N, 1100));
    expect(some.out).toMatch(new RegExp(`\n1100 of ${N} entries \\(--all lists every one\\); chain intact\n$`));
    expect(seqs((await run(['ledger', '--db', db])).out)).toEqual(descending(N, 50));

    const json = await run(['ledger', '--all', '--json', '--db', db]);
    const parsed = JSON.parse(json.out) as { entries: { seq: number }[]; total: number; nextBeforeSeq: number | null };
    expect(Object.keys(parsed)).toEqual(['entries', 'total', 'nextBeforeSeq', 'verification']);
    expect(json.out).toBe(JSON.stringify(parsed, null, 2) + '\n');
    expect(parsed.entries.map((e) => e.seq)).toEqual(descending(N, N));
    expect([parsed.total, parsed.nextBeforeSeq]).toEqual([N, null]);
    // Stopping early says where the next page would start, as the API's page does.
    const part = JSON.parse((await run(['ledger', '--limit', '700', '--json', '--db', db])).out) as { entries: unknown[]; nextBeforeSeq: number | null };
    expect([part.entries.length, part.nextBeforeSeq]).toEqual([700, N - 699]);

    for (const args of [['--limit', '0'], ['--limit', '2.5'], ['--all', '--limit', '10']]) expect((await run(['ledger', ...args, '--db', db])).code, args.join(' ')).toBe(2);
  });

  it('ledger exits 1 on a broken chain even when only listing, and diff refuses --from after --to', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'l.db');
    const { openCore } = await import('../../electron/api/open-core');
    const core = openCore({ databasePath: db, logger: { info() {}, warn() {}, error() {} } });
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 30 });
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 60 });
    core.db.exec('DROP TRIGGER ledger_entries_no_update');
    core.db.prepare(`UPDATE ledger_entries SET actor = 'mallory' WHERE seq = 1`).run();
    await core.close();
    const listed = await run(['ledger', '--db', db]);
    expect(listed.out).toMatch(/chain BROKEN at 1/);
    expect(listed.code).toBe(1);
    const asJson = await run(['ledger', '--json', '--db', db]);
    expect(JSON.parse(asJson.out).verification).toMatchObject({ ok: false, brokenAt: 1 });
    expect(asJson.code).toBe(1);
    const reversed = await run(['diff', '--from', '2026-11-20', '--to', '2026-11-01', '--db', db]);
    expect(reversed.code).toBe(2);
    expect(reversed.err).toMatch(/--from \(2026-11-20T23:59:59\.999Z\) is later than --to \(2026-11-01T23:59:59\.999Z\); swap them/);
  });

  it('reading commands refuse a database that does not exist instead of creating an empty one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const typo = path.join(dir, 'typo.db');
    for (const args of [['findings'], ['ledger', '--verify'], ['access'], ['diff', '--from', '2026-01-01', '--to', '2026-02-01'], ['timeline', '--person', 'a@x.io'], ['retire', '--source', 'x', '--reason', 'gone']]) {
      const r = await run([...args, '--db', typo]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toContain(`No database at ${typo}: check --db.`);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    // Nor do they open a directory or turn an empty file into a database.
    fs.mkdirSync(path.join(dir, 'folder.db'));
    fs.writeFileSync(path.join(dir, 'empty.db'), '');
    const folder = await run(['ledger', '--db', path.join(dir, 'folder.db')]);
    expect([folder.code, folder.err]).toEqual([1, expect.stringContaining(`${path.join(dir, 'folder.db')} is a directory, not an Access Ledger database`)]);
    const empty = await run(['findings', '--db', path.join(dir, 'empty.db')]);
    expect([empty.code, empty.err]).toEqual([1, expect.stringContaining(`${path.join(dir, 'empty.db')} is an empty file, not an Access Ledger database`)]);
    expect(fs.statSync(path.join(dir, 'empty.db')).size).toBe(0);
  });

  it('findings says when nothing was judged, never "0 findings", and --at does not take --status resolved', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'f.db');
    writeHrOnlyConfig(dir);
    const { openCore } = await import('../../electron/api/open-core');
    // A collection made without judging it (the app judges in the background; here nobody does).
    const core = openCore({ databasePath: db, configFile: path.join(dir, 'c.yaml'), logger: { info() {}, warn() {}, error() {} } });
    await core.collection.runToEnd('test', 'tester');
    core.db.exec('DELETE FROM finding_events; DELETE FROM findings; DELETE FROM finding_runs;');
    await core.close();
    // Today's date reads as now (the collection was made just now); a later date would be refused as the future.
    const today = new Date().toISOString().slice(0, 10);
    for (const args of [['findings'], ['findings', '--json'], ['findings', '--at', today]]) {
      const r = await run([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(/Findings were not judged at or before collection 1 \(.*\): there is no answer for that time/);
      expect(r.out, args.join(' ')).toBe('');
    }
    const resolved = await run(['findings', '--status', 'resolved', '--db', db]);
    expect([resolved.code, resolved.out]).toEqual([1, '']);
    expect(resolved.err).toMatch(/Findings were never judged in this database/);
    const both = await run(['findings', '--at', today, '--status', 'resolved', '--db', db]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--at lists the findings open at that time; leave out --status resolved/);
  });

  it('findings under the built-in default policy say which rules were not judged and why (text and --json)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'p.db');
    writeHrOnlyConfig(dir);
    expect((await run(['collect', '--config', path.join(dir, 'c.yaml'), '--db', db])).code).toBe(0);
    const text = await run(['findings', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^0 findings as of collection 1 \(.*\)\n/);
    expect(text.out).toContain(
      'Not judged: role-drift (incl. role escalation), expected-access-missing — the policy has no group→role mappings (see README › The access policy)\n',
    );
    expect(text.out).toContain('Not judged: sod-conflict — the policy has no segregation-of-duties pairs (see README › The access policy)\n');
    const json = JSON.parse((await run(['findings', '--db', db, '--json'])).out) as { policyVersion: number; notJudged: { rules: string[]; reason: string }[] };
    expect(json.policyVersion).toBe(0);
    expect(json.notJudged.map((n) => [n.reason, n.rules])).toEqual([
      ['no-mappings', ['role-drift', 'expected-access-missing']],
      ['no-sod-pairs', ['sod-conflict']],
    ]);
  });

  it('ledger --verify checks the file under the chain, and the listing says how each collection ended', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'd.db');
    writeHrOnlyConfig(dir);
    // A roster with many people, so the file has pages beyond the schema's.
    const rows = Array.from({ length: 3000 }, (_, i) => `E${i},p${i}@x.io,P ${i},active,2024-01-02,,Data`);
    fs.writeFileSync(path.join(dir, 'a.csv'), `employee_id,email,name,status,hire_date,termination_date,department\n${rows.join('\n')}\nE9999,bad@x.io,Bad,active,2024-02-30,,Data\n`);
    expect((await run(['collect', '--config', path.join(dir, 'c.yaml'), '--db', db])).code).toBe(0);
    expect((await run(['ledger', '--db', db])).out).toMatch(/^ +\d+ {2}\S+ {2}collection\.completed +collection 1 \(degraded\) {2}by \S/m);
    const Database = (await import('better-sqlite3')).default;
    const fold = new Database(db);
    fold.pragma('wal_checkpoint(TRUNCATE)');
    fold.close();
    // Damage pages in the middle of the file, as a bad disk or a careless copy would.
    const fd = fs.openSync(db, 'r+');
    const size = fs.fstatSync(fd).size;
    fs.writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const verify = await run(['ledger', '--verify', '--db', db]);
    expect(verify.code).toBe(1);
    expect(verify.out + verify.err).toMatch(new RegExp(`${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (is damaged|is corrupt)`));
    expect(verify.err).not.toMatch(/\n\s+at /);
  });

  it('ledger --verify names every place the tables disagree with an intact chain', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
    const db = path.join(dir, 'v.db');
    writeHrOnlyConfig(dir);
    expect((await run(['collect', '--config', path.join(dir, 'c.yaml'), '--db', db])).code).toBe(0);
    expect((await run(['ledger', '--verify', '--db', db])).out).toMatch(/^Ledger intact: \d+ entries, head [0-9a-f]{64}; database file passes SQLite's integrity check; derived access matches the facts at 1 collection\n$/);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(db);
    raw.prepare(`UPDATE collections SET status = 'degraded' WHERE id = 1`).run();
    raw.close();
    const r = await run(['ledger', '--verify', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Ledger chain intact \(\d+ entries, head [0-9a-f]{64}\), but the tables disagree with it:\n {2}collection 1 is "degraded" in the collections table but ledger entry \d+ records "complete"\n$/);
  });
});
