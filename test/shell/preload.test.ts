import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, ipcChannel } from '../../shared/api/contract';
import { createFakeElectron, type FakeElectron } from './fake-electron';

const root = path.resolve(__dirname, '..', '..');
let fake: FakeElectron;

beforeEach(() => {
  vi.resetModules();
  fake = createFakeElectron();
  const current = fake;
  vi.doMock('electron', () => current.module);
});

async function loadPreload(): Promise<Record<string, unknown>> {
  await import('../../electron/shell/preload');
  expect([...fake.contextBridge.exposed.keys()]).toEqual(['ledger']);
  return fake.contextBridge.exposed.get('ledger') as Record<string, unknown>;
}

describe('preload (window.ledger)', () => {
  it('exposes exactly one function per contract channel, and nothing else, frozen', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...channelNames].sort());
    expect(Object.getOwnPropertyNames(api).sort()).toEqual([...channelNames].sort());
    for (const name of channelNames) expect(typeof api[name], name).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    for (const generic of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync']) expect(api[generic]).toBeUndefined();
  });

  it('each function invokes its own channel with exactly the one argument object', async () => {
    const api = (await loadPreload()) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await api.setSetting!({ key: 'ui.theme', value: 'dark' }, 'smuggled', () => 'callback');
    await api.appInfo!({});
    expect(fake.ipcRenderer.invocations).toEqual([
      { channel: ipcChannel('setSetting'), args: [{ key: 'ui.theme', value: 'dark' }] },
      { channel: ipcChannel('appInfo'), args: [{}] },
    ]);
    expect(await api.verifyLedger!({})).toEqual({ ok: true, value: { channel: ipcChannel('verifyLedger') } });
  });
});

describe('preload bundle', () => {
  it("is one CommonJS file that requires only 'electron' and runs without Node globals (sandbox)", async () => {
    // The same esbuild options electron/build/build.mjs uses for dist/electron/preload.cjs.
    const result = await build({
      entryPoints: [path.join(root, 'electron/shell/preload.ts')],
      bundle: true,
      platform: 'browser',
      target: 'node20',
      format: 'cjs',
      external: ['better-sqlite3', 'electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    // No zod (or other schema code) in the preload: it only needs the channel names.
    expect(code).not.toMatch(/\$Zod|zod/i);
    expect(code.length).toBeLessThan(20_000);

    const sandboxFake = createFakeElectron();
    const asked: string[] = [];
    const module = { exports: {} };
    const sandboxRequire = (id: string) => {
      asked.push(id);
      if (id !== 'electron') throw new Error(`sandboxed preload cannot require ${id}`);
      return sandboxFake.module;
    };
    // Sandboxed preloads get a limited require and no process/Buffer/fs.
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    expect(asked).toEqual(['electron']);
    const api = sandboxFake.contextBridge.exposed.get('ledger') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelNames].sort());
  });
});
