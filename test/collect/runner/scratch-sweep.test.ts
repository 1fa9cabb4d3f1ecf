import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { SCRATCH_PREFIX, sweepAbandonedScratch } from '../../../electron/collect/store/scratch-dir';

/** The pid of a process that has ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '0']);
  return ended.pid!;
}

function stageDir(tmp: string, name: string, owner: unknown | null, ageMs = 0): string {
  const dir = path.join(tmp, SCRATCH_PREFIX + name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'okta_1.bin'), 'ana@x.io');
  if (owner !== null) fs.writeFileSync(path.join(dir, 'owner.json'), JSON.stringify(owner));
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(dir, at, at);
  return dir;
}

describe('stage directories left by a process that died', () => {
  const tmps: string[] = [];
  const newTmp = () => {
    const t = fs.mkdtempSync(path.join(os.tmpdir(), 'al-sweep-'));
    tmps.push(t);
    return t;
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    for (const t of tmps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
  });

  it('are removed; a live, a foreign-host, a fresh unowned one and anything not ours stay', () => {
    const tmp = newTmp();
    const host = os.hostname();
    const dead = stageDir(tmp, 'dead01', { pid: deadPid(), host });
    const oldUnowned = stageDir(tmp, 'old001', null, 25 * 3600_000);
    const live = stageDir(tmp, 'live01', { pid: process.pid, host });
    const parent = stageDir(tmp, 'ppid01', { pid: process.ppid, host });
    const elsewhere = stageDir(tmp, 'other1', { pid: deadPid(), host: `${host}-not` });
    const freshUnowned = stageDir(tmp, 'fresh1', null, 3600_000);
    const garbled = stageDir(tmp, 'garble', null);
    fs.writeFileSync(path.join(garbled, 'owner.json'), '{not json');
    const notOurs = path.join(tmp, 'someone-elses-dir');
    fs.mkdirSync(notOurs);

    expect(sweepAbandonedScratch(tmp, Date.now()).sort()).toEqual([dead, oldUnowned].sort());
    for (const kept of [live, parent, elsewhere, freshUnowned, garbled, notOurs]) expect(fs.existsSync(kept)).toBe(true);
    expect(fs.existsSync(dead) || fs.existsSync(oldUnowned)).toBe(false);
  });

  it('an unreadable temp folder is not an error', () => {
    expect(sweepAbandonedScratch(path.join(newTmp(), 'missing'), Date.now())).toEqual([]);
  });

  it("a process's first stage file sweeps, and its own directory names it as owner", async () => {
    const tmp = newTmp();
    const dead = stageDir(tmp, 'dead02', { pid: deadPid(), host: os.hostname() });
    vi.stubEnv('TMPDIR', tmp);
    vi.resetModules();
    const { scratchFile } = await import('../../../electron/collect/store/scratch-dir');
    const file = scratchFile('okta.bin');
    file.close();
    expect(fs.existsSync(dead)).toBe(false);
    const mine = path.dirname(file.path);
    expect(path.dirname(mine)).toBe(tmp);
    expect(JSON.parse(fs.readFileSync(path.join(mine, 'owner.json'), 'utf8'))).toEqual({ pid: process.pid, host: os.hostname() });
    expect(fs.statSync(path.join(mine, 'owner.json')).mode & 0o077).toBe(0);
  });
});
