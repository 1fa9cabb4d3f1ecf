import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const startScript = path.join(root, 'electron', 'build', 'start.mjs');

let child: ChildProcess | null = null;
let home: string | null = null;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = null;
});

/** Resolves with everything printed so far once `pattern` appears on stdout; rejects if the process ends first. */
function waitForOutput(proc: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output so far:\n${out}`)), timeoutMs);
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start.mjs exited (${code}) before printing ${pattern}; output:\n${out}`));
    });
  });
}

describe('npm start without the Electron binary', () => {
  it('says so in one line, serves the app through the bridge, and stops cleanly on SIGTERM', async () => {
    for (const built of ['dist/cli.cjs', 'dist/renderer/index.html']) {
      if (!fs.existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` before this test`);
    }
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'al-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ACCESS_LEDGER_HOME: home,
      // Makes the electron package point at a binary that does not exist, as after
      // ELECTRON_SKIP_BINARY_DOWNLOAD=1 (whether or not a binary is installed here).
      ELECTRON_OVERRIDE_DIST_PATH: path.join(home, 'no-electron-here'),
    };
    const proc = spawn(process.execPath, [startScript, '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const stdoutDone = new Promise<void>((resolve) => proc.stdout!.on('end', () => resolve()));
    let all = '';
    proc.stdout!.on('data', (chunk: Buffer) => (all += chunk.toString()));

    const out = await waitForOutput(proc, /Open: (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 8000);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Electron binary not installed .*serving Access Ledger to your browser instead\.$/);
    expect(lines.filter((l) => /electron/i.test(l))).toHaveLength(1);
    expect(out).toContain(path.join(home, 'access-ledger.db'));

    const url = /Open: (\S+)/.exec(out)![1]!;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(new URL('/api/appInfo', url), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(api.status).toBe(401);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    await stdoutDone;
    expect(all).toContain('Stopped; database closed.');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack traces
  });
});
