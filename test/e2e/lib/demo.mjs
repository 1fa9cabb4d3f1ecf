// Builds a demo history with the real CLI (`access-ledger demo --json`) into the flow's
// database, waits for the command to exit, and resolves with its JSON summary
// (collections, firstDay, lastDay, planted...).
import { execFile } from 'node:child_process';
import path from 'node:path';

export function buildDemo({ root, dbPath, people, days, seed, timeoutMs = 180_000 }) {
  const args = ['demo', '--db', dbPath, '--people', String(people), '--days', String(days), '--seed', String(seed), '--json'];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'electron/cli/bin.cjs'), ...args],
      { cwd: root, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`access-ledger ${args.join(' ')} failed: ${error.message}\nstderr: ${stderr}`));
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`access-ledger demo printed no JSON summary:\n${stdout}\nstderr: ${stderr}`));
        }
      },
    );
  });
}
