import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `serve --demo` builds the demo into its own database on first use, then serves it. */
describe('serve --demo', () => {
  it('offers the demo when nothing is configured, and --demo builds and serves it', async () => {
    if (!fs.existsSync(path.resolve('dist/cli.cjs'))) throw new Error('dist/cli.cjs missing: npm test builds before running tests');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'al-serve-demo-'));
    const env = { ...process.env, ACCESS_LEDGER_HOME: home };
    const read = (args: string[], until: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['electron/cli/bin.cjs', ...args], { env });
        let out = '';
        const timer = setTimeout(() => (child.kill('SIGTERM'), reject(new Error(`timed out: ${out}`))), 90_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (until.test(out)) {
            clearTimeout(timer);
            child.kill('SIGTERM');
            child.on('exit', () => resolve(out));
          }
        });
      });
    const empty = await read(['serve', '--port', '0'], /demo organisation/);
    expect(empty).toMatch(/access-ledger serve --demo/);
    const demo = await read(['serve', '--demo', '--port', '0'], /Open: http/);
    expect(demo).toMatch(/Demo ready in [\d.]+ s: 90 collections/);
    expect(demo).toContain(path.join(home, 'demo.db'));
    expect(fs.existsSync(path.join(home, 'access-ledger.db'))).toBe(true);
    // A second start reuses the demo instead of rebuilding it.
    const again = await read(['serve', '--demo', '--port', '0'], /Open: http/);
    expect(again).not.toMatch(/Building the demo/);
  }, 120_000);
});

describe('serve --open', () => {
  it('says when no browser could be opened, and where to go instead', async () => {
    if (!fs.existsSync(path.resolve('dist/cli.cjs'))) throw new Error('dist/cli.cjs missing: npm test builds before running tests');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'al-serve-open-'));
    // A PATH with no xdg-open (or open) on it: a server or a container.
    const env = { ...process.env, ACCESS_LEDGER_HOME: home, PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'al-empty-path-')) };
    const child = spawn(process.execPath, ['electron/cli/bin.cjs', 'serve', '--port', '0', '--open'], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const said = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => (child.kill('SIGTERM'), reject(new Error(`timed out: ${out}${err}`))), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/Could not open a browser/.test(err)) {
          clearTimeout(timer);
          resolve(err);
        }
      });
    });
    await new Promise<void>((resolve) => (child.on('exit', () => resolve()), child.kill('SIGTERM')));
    const url = /Open: (http:\/\/\S+)/.exec(out)?.[1];
    expect(url).toBeTruthy();
    expect(said).toContain(`Could not open a browser (${process.platform === 'darwin' ? 'open' : 'xdg-open'} is not installed); open ${url} yourself.`);
  }, 60_000);
});
