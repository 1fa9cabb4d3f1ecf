import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../electron/cli/main';
import { runDemo } from '../../electron/simulate/demo/run-demo';
import { silentLogger } from '../../electron/platform/logger';

let db: string;
beforeAll(async () => {
  db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-analysis-')), 'demo.db');
  await runDemo({ databasePath: db, people: 40, days: 6, seed: 5, endDate: new Date('2026-11-20T12:00:00Z'), logger: silentLogger });
}, 120_000);

async function json(args: string[]): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--db', db, '--json'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: process.env, onStop: () => undefined });
  expect(code, err.join('')).toBe(0);
  return JSON.parse(out.join('')) as Record<string, unknown>;
}

describe('analysis commands on a demo history', () => {
  it('findings --json lists the open findings, judged on complete collections, leavers among them', async () => {
    const r = await json(['findings']);
    const findings = r.findings as { kind: string; severity: string; status: string }[];
    expect(findings.length).toBeGreaterThan(3);
    expect(findings.every((f) => f.status === 'open')).toBe(true);
    expect(findings.map((f) => f.kind)).toContain('leaver-still-active');
  });

  it('access --at answers from the collection that proves it, with its uncertainty window', async () => {
    const r = await json(['access', '--at', '2026-11-17']);
    expect(r.collectionId).toBe(3);
    expect(r.collectedAt).toBe('2026-11-17T06:00:00.000Z');
    expect((r.uncertainty as { to: string | null }).to).toBe('2026-11-18T06:00:00.000Z');
    expect((r.rows as unknown[]).length).toBeGreaterThan(0);
  });

  it('access --json streams the whole answer page by page, written as one JSON document would be', async () => {
    const out: string[] = [];
    const code = await runCli(['access', '--db', db, '--json'], { stdout: (t) => out.push(t), stderr: () => undefined, env: process.env, onStop: () => undefined });
    expect(code).toBe(0);
    const text = out.join('');
    const parsed = JSON.parse(text) as { collectionId: number; rows: unknown[]; workspaces: unknown[] };
    expect(text).toBe(JSON.stringify(parsed, null, 2) + '\n');
    expect(out.length).toBeGreaterThan(parsed.rows.length);
    expect(Object.keys(parsed)).toEqual(['collectionId', 'collectedAt', 'uncertainty', 'workspaces', 'rows']);
    expect(parsed.rows.length).toBeGreaterThan(10);
  });

  it('diff --from --to compares two points in time', async () => {
    const r = await json(['diff', '--from', '2026-11-15', '--to', '2026-11-20']);
    expect((r.from as { collectionId: number }).collectionId).toBe(1);
    expect((r.to as { collectionId: number }).collectionId).toBe(6);
    expect(r.counts).toBeTypeOf('object');
  });

  it('timeline --person gives one axis of events; a bad time is a usage error', async () => {
    const access = await json(['access']);
    const email = (access.rows as { email: string | null }[]).find((row) => row.email)!.email!;
    const r = await json(['timeline', '--person', email]);
    expect((r.events as unknown[]).length).toBeGreaterThan(0);
    const err: string[] = [];
    const code = await runCli(['access', '--at', 'yesterday-ish', '--db', db], { stdout: () => undefined, stderr: (t) => err.push(t), env: process.env, onStop: () => undefined });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/--at must be a date \(2026-11-03, the end of that day UTC\) or a date-time with its zone/);
  });

  it('access --workspace names the workspaces when the one asked for did not exist then', async () => {
    const access = await json(['access']);
    const ws = (access.workspaces as { name: string; handle: string | null }[])[0]!;
    const byHandle = await json(['access', '--workspace', (ws.handle ?? ws.name).toUpperCase()]);
    expect((byHandle.rows as unknown[]).length).toBeGreaterThan(0);
    const err: string[] = [];
    const code = await runCli(['access', '--workspace', 'no-such-space', '--db', db], { stdout: () => undefined, stderr: (t) => err.push(t), env: process.env, onStop: () => undefined });
    expect(code).toBe(1);
    const nobody: string[] = [];
    expect(await runCli(['access', '--person', 'nobody@nowhere.example', '--db', db], { stdout: () => undefined, stderr: (t) => nobody.push(t), env: process.env, onStop: () => undefined })).toBe(1);
    expect(nobody.join('')).toMatch(/No person or Prefect account has the address nobody@nowhere\.example at collection \d+/);
    // An expected answer, not a crash: no "run again with --debug".
    expect(nobody.join('')).not.toMatch(/--debug/);
    // Someone the sources know, with no Prefect access: an honest "0 grants".
    const { openCore } = await import('../../electron/api/open-core');
    const core = openCore({ databasePath: db, logger: silentLogger });
    const people = await core.service.call('listPeople', {});
    await core.close();
    const without = people.rows.find((r) => r.identityId !== null && !r.prefectActive && r.email)!;
    const none: string[] = [];
    expect(await runCli(['access', '--person', without.email!, '--db', db], { stdout: (t) => none.push(t), stderr: () => undefined, env: process.env, onStop: () => undefined })).toBe(0);
    expect(none.join('')).toMatch(/^0 grants as of collection \d+/);
    const blank: string[] = [];
    expect(await runCli(['access', '--workspace', '', '--db', db], { stdout: () => undefined, stderr: (t) => blank.push(t), env: process.env, onStop: () => undefined })).toBe(2);
    expect(blank.join('')).toMatch(/--workspace needs a workspace id, handle or name/);
    expect(err.join('')).toMatch(new RegExp(`No workspace "no-such-space" at collection \\d+ \\(.*\\)\\. Workspaces then: .*${ws.name}`));
  });

  it('timeline and diff print readable lines without --json', async () => {
    const access = await json(['access']);
    const email = (access.rows as { email: string | null }[]).find((row) => row.email)!.email!;
    const text = async (args: string[]) => {
      const out: string[] = [];
      expect(await runCli([...args, '--db', db], { stdout: (t) => out.push(t), stderr: () => undefined, env: process.env, onStop: () => undefined })).toBe(0);
      return out.join('').trimEnd().split('\n');
    };
    const lines = await text(['timeline', '--person', email]);
    const count = lines.findIndex((l) => /^\d+ events for /.test(l));
    const asOf = (await json(['timeline', '--person', email])).asOfCollectionId as number;
    const { collectedAt } = await json(['access']);
    expect(lines[count]).toMatch(new RegExp(` as of collection ${asOf} \\(${String(collectedAt).replace(/\./g, '\\.')}\\)$`));
    expect(lines.slice(count + 1)).toEqual(['Revocation latency: none (no termination known for this person)']);
    for (const line of lines.slice(0, count)) expect(line).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(\.\.\d{4}-\d{2}-\d{2} \d{2}:\d{2})?\s+(exact|date|between polls|first seen)\s+(hr|idp|group|prefect|team|grant|finding|link)\s+\S/);
    const diff = await text(['diff', '--from', '2026-11-15', '--to', '2026-11-20']);
    expect(diff[0]).toMatch(/^From collection 1 \(.*\) to 6 \(.*\): \d+ added, \d+ removed/);
    // A grant that begins or ends reads as "(no access)", not as JSON null.
    expect(diff.join('\n')).not.toMatch(/\bnull\b/);
    expect(diff.some((l) => /^added .*\(no access\) -> \S/.test(l))).toBe(true);
  });

  it('timeline prints the revocation latency --json gives, and the collection that answers', async () => {
    const findings = (await json(['findings'])).findings as { kind: string; subject: { email: string | null } }[];
    const leaver = findings.find((f) => f.kind === 'leaver-still-active' && f.subject.email)!.subject.email!;
    const asJson = (await json(['timeline', '--person', leaver])) as { asOfCollectionId: number; revocation: { terminatedAt: string; latencyHours: { min: number; max: number | null }; lastSeenWithAccess: { collectionId: number; at: string } } };
    const out: string[] = [];
    expect(await runCli(['timeline', '--person', leaver, '--db', db], { stdout: (t) => out.push(t), stderr: () => undefined, env: process.env, onStop: () => undefined })).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    const r = asJson.revocation;
    expect(r.latencyHours.max).toBeNull();
    const count = lines.findIndex((l) => /^\d+ events for /.test(l));
    expect(lines[count]).toMatch(new RegExp(` as of collection ${asJson.asOfCollectionId} \\(`));
    expect(lines.slice(count + 1)).toEqual([
      expect.stringMatching(new RegExp(`^Revocation latency: at least ${Math.round(r.latencyHours.min * 10) / 10} h.* after leaving, and counting \\(Prefect access still active\\)$`)),
      `  left ${r.terminatedAt} (from the HR termination date)`,
      `  last seen with access by collection ${r.lastSeenWithAccess.collectionId} (${r.lastSeenWithAccess.at})`,
    ]);
  });

  it('a database this user may not write is opened read-only for reading, answers, and is left byte for byte', async () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-ro-')), 'copy.db');
    fs.copyFileSync(db, copy);
    const before = fs.readFileSync(copy);
    const { openCore } = await import('../../electron/api/open-core');
    const core = openCore({ databasePath: copy, readOnly: true, logger: silentLogger });
    try {
      expect((await core.service.call('verifyLedger', {})).ok).toBe(true);
      expect((await core.service.call('listFindings', { status: 'open' })).findings.length).toBeGreaterThan(0);
      expect((await core.service.call('accessAt', { limit: 5 })).rows.length).toBe(5);
      await expect(core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 5 })).rejects.toThrow(/readonly|read-only/i);
    } finally {
      await core.close();
    }
    expect(fs.readFileSync(copy).equals(before)).toBe(true);

    // The CLI falls back to it only when opening for writing is refused as read-only.
    const { openReadingCore } = await import('../../electron/cli/open-reading-core');
    const { AppError } = await import('../../shared/api/result');
    const asked: (boolean | undefined)[] = [];
    const fakeCore = { close: async () => undefined } as unknown as ReturnType<typeof openCore>;
    const refuseWrites = (o: Parameters<typeof openCore>[0]) => {
      asked.push(o.readOnly);
      if (!o.readOnly) throw new AppError('DATABASE', `${copy} is read-only for this user; Access Ledger needs to write to it. Fix its permissions or choose another path with --db.`);
      return fakeCore;
    };
    expect(openReadingCore({ databasePath: copy }, refuseWrites)).toBe(fakeCore);
    expect(asked).toEqual([undefined, true]);
    const corrupt = () => {
      throw new AppError('DATABASE', `${copy} is corrupt (file is not a database).`);
    };
    expect(() => openReadingCore({ databasePath: copy }, corrupt)).toThrow(/is corrupt/);
  });
});

describe('access as text', () => {
  it('has a header row naming its columns, then one row per grant, then the collection that answers', async () => {
    const out: string[] = [];
    expect(await runCli(['access', '--at', '2026-11-17', '--db', db], { stdout: (t) => out.push(t), stderr: () => undefined, env: process.env, onStop: () => undefined })).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WHO +WORKSPACE +ROLE +GRANTED BY$/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.at(-1)).toMatch(new RegExp(`^${lines.length - 2} grants as of collection 3 `));
  });
});

describe('ledger --verify on a demo history', () => {
  async function verify(file: string): Promise<{ code: number; out: string }> {
    const out: string[] = [];
    const code = await runCli(['ledger', '--verify', '--db', file], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: process.env, onStop: () => undefined });
    return { code, out: out.join('') };
  }

  it('passes on the untouched history (every new check included), and catches a derived access row deleted', async () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-verify-')), 'copy.db');
    fs.copyFileSync(db, copy);
    const intact = await verify(copy);
    expect(intact.out).toMatch(/^Ledger intact: \d+ entries, head [0-9a-f]{64}; database file passes SQLite's integrity check; derived access matches the facts at \d+ collections\n$/);
    expect(intact.code).toBe(0);

    // What a QA pass did: one person's access at a past date deleted from the index that answers it.
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(copy);
    const victim = raw.prepare(`SELECT source_id, ord, fact_key, valid_from FROM access_principals WHERE valid_from < (SELECT max(collection_id) FROM access_derivations) ORDER BY valid_from, fact_key LIMIT 1`).get() as { source_id: string; ord: number; fact_key: string; valid_from: number };
    raw.prepare('DELETE FROM access_principals WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_from = ?').run(victim.source_id, victim.ord, victim.fact_key, victim.valid_from);
    raw.close();
    const tampered = await verify(copy);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(new RegExp(`derived access at collection ${victim.valid_from} is not what its facts say \\(\\d+ rows stored, \\d+ computed; first difference: .+\\): the access_\\* tables, or the facts under them, were edited outside the app`));

    // The index emptied: nothing to compare, and verify must not say it matched.
    const emptied = new Database(copy);
    emptied.prepare('DELETE FROM access_derivations').run();
    emptied.close();
    expect((await verify(copy)).out).toMatch(/; no derived access is stored \(answers are computed from the facts\)\n$/);
  });

  it('says which derived access it could not check when a stored fact is damaged, beside the fact-hash problem', async () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-verify-')), 'copy.db');
    fs.copyFileSync(db, copy);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(copy);
    // An HR row whose email field was renamed: the analysis cannot read it.
    const row = raw.prepare(`SELECT o.stream, o.slot, o.key FROM fact_open o JOIN fact_streams s ON s.id = o.stream WHERE s.kind = 'hr_employee' ORDER BY o.slot, o.key LIMIT 1`).get() as { stream: number; slot: number; key: string };
    raw.prepare(`UPDATE fact_open SET value_json = replace(value_json, '"email"', '"emAil"') WHERE stream = ? AND slot = ? AND key = ?`).run(row.stream, row.slot, row.key);
    raw.close();
    const damaged = await verify(copy);
    expect(damaged.code).toBe(1);
    expect(damaged.out).toMatch(/stored facts no longer hash to what collection \d+ recorded/);
    expect(damaged.out).toMatch(/derived access at collection \d+ could not be checked: analysing its stored facts failed \(.+\); a damaged fact is the likely cause/);
  });
});
