import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecordFile } from './record-file';

/** Every stage directory's name starts with this, under the OS temp directory. */
export const SCRATCH_PREFIX = 'access-ledger-stage-';
/** Written into each stage directory: which process on which host owns it. */
const OWNER_FILE = 'owner.json';
/** A directory from before owner files (or whose owner file never got written) is left this long. */
const UNOWNED_GRACE_MS = 24 * 3600_000;

let scratchDir: string | null = null;
let swept = false;

/**
 * A new scratch file in this process's private scratch directory (created on first use,
 * removed at exit): a collection creates and deletes its stage files in it without a
 * directory per stage.
 */
export function scratchFile(name: string): RecordFile {
  if (scratchDir) {
    try {
      return new RecordFile(path.join(scratchDir, name));
    } catch (error) {
      // Someone cleaned the temp folder: make a new directory.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const tmp = os.tmpdir();
  if (!swept) {
    swept = true;
    sweepAbandonedScratch(tmp, Date.now());
  }
  const dir = fs.mkdtempSync(path.join(tmp, SCRATCH_PREFIX));
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, host: os.hostname() }), { mode: 0o600 });
  if (!scratchDir) process.once('exit', () => scratchDir && fs.rmSync(scratchDir, { recursive: true, force: true }));
  scratchDir = dir;
  return new RecordFile(path.join(dir, name));
}

/**
 * Removes the stage directories of processes that died without their exit handler (killed,
 * crashed, power lost). Stage files hold people's names, emails and group memberships as a
 * source sent them: they must not pile up in the temp folder after a crash. A directory is
 * removed only when its owner file names a process on this host that no longer exists, or
 * when it has no owner file and was last touched over a day ago; anything else (another
 * host's, another user's, a live process's) is left alone. Never throws: a directory it
 * cannot read or remove is someone else's business, and collecting must go on.
 */
export function sweepAbandonedScratch(tmp: string, nowMs: number): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmp).filter((n) => n.startsWith(SCRATCH_PREFIX));
  } catch {
    return removed;
  }
  const host = os.hostname();
  for (const name of names) {
    const dir = path.join(tmp, name);
    try {
      if (!isAbandoned(dir, host, nowMs)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Not ours to judge (permissions, a race with its owner's own cleanup): leave it.
    }
  }
  return removed;
}

function isAbandoned(dir: string, host: string, nowMs: number): boolean {
  const stat = fs.lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) return false;
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as typeof owner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    return nowMs - stat.mtimeMs > UNOWNED_GRACE_MS;
  }
  if (owner.host !== host || typeof owner.pid !== 'number' || owner.pid === process.pid) return false;
  return !processExists(owner.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
