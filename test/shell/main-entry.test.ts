import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, ipcChannel } from '../../shared/api/contract';
import { defaultDatabasePath } from '../../electron/platform/paths';
import type { AppShell } from '../../electron/shell/start-app';
import { createFakeElectron, type FakeElectron } from './fake-electron';

// The real entry point (electron/shell/main.ts) loaded against a fake 'electron' module: this
// checks the wiring main.ts itself does (window flags, preload, IPC through the sender check).
// vi.doMock after vi.resetModules gives each test a fresh fake (a hoisted vi.mock factory is cached).
const holder: { fake: FakeElectron | null } = { fake: null };

let home: string;
let savedHome: string | undefined;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'al-shell-main-'));
  savedHome = process.env.ACCESS_LEDGER_HOME;
  process.env.ACCESS_LEDGER_HOME = home;
  vi.resetModules();
});

afterEach(async () => {
  if (holder.fake) {
    holder.fake.app.quit(); // closes the database (will-quit)
    await holder.fake.app.whenQuit();
  }
  holder.fake = null;
  if (savedHome === undefined) delete process.env.ACCESS_LEDGER_HOME;
  else process.env.ACCESS_LEDGER_HOME = savedHome;
  fs.rmSync(home, { recursive: true, force: true });
});

async function boot(options: Parameters<typeof createFakeElectron>[0] = {}) {
  const fake = createFakeElectron(options);
  holder.fake = fake;
  vi.doMock('electron', () => fake.module);
  const { appShell } = (await import('../../electron/shell/main')) as { appShell: AppShell };
  fake.app.fireReady();
  const outcome = await appShell.started;
  return { fake, appShell, outcome };
}

describe('electron/shell/main.ts (with a fake electron module)', () => {
  it('opens one sandboxed, context-isolated window without Node, with the bundled preload, on app://app/', async () => {
    const { fake, outcome } = await boot();
    expect(outcome).toBe('running');
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    const prefs = win.options.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(path.isAbsolute(String(prefs.preload))).toBe(true);
    expect(path.basename(String(prefs.preload))).toBe('preload.cjs');
    expect(win.loadedUrls).toEqual(['app://app/']);
  });

  it('uses the same per-user folder and database as the CLI (platform/paths.ts)', async () => {
    const { fake, appShell } = await boot();
    expect(fake.app.getName()).toBe('Access Ledger');
    expect(fake.app.getPath('userData')).toBe(home);
    expect(appShell.core()?.databasePath).toBe(path.join(home, 'access-ledger.db'));
    expect(appShell.core()?.databasePath).toBe(defaultDatabasePath(process.env));
  });

  it('registers exactly one IPC handler per contract channel', async () => {
    const { fake } = await boot();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(channelNames.map(ipcChannel).sort());
  });

  it('refuses IPC from frames outside app://app and dispatches calls from it', async () => {
    const { fake } = await boot();
    for (const sender of ['https://evil.example/', 'app://app.evil/', 'file:///tmp/x.html', 'app://evil@app/', null]) {
      const result = (await fake.ipcMain.invoke(ipcChannel('appInfo'), sender, {})) as { ok: boolean; error?: { code: string } };
      expect(result, String(sender)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    const ok = (await fake.ipcMain.invoke(ipcChannel('appInfo'), 'app://app/people', {})) as { ok: boolean; value?: unknown };
    expect(ok.ok).toBe(true);
    expect(ok.value).toMatchObject({ databasePath: path.join(home, 'access-ledger.db') });
  });

  it('answers invalid arguments with an INVALID_ARGUMENT envelope, no stack trace', async () => {
    const { fake } = await boot();
    const result = (await fake.ipcMain.invoke(ipcChannel('setSetting'), 'app://app/settings', { key: 'Not A Key', value: 1 })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('INVALID_ARGUMENT');
    expect(result.error.message).toContain('setSetting');
    expect(result.error.message).not.toMatch(/\n\s+at /);
    const extra = (await fake.ipcMain.invoke(ipcChannel('appInfo'), 'app://app/', { sneaky: true })) as { error: { code: string } };
    expect(extra.error.code).toBe('INVALID_ARGUMENT');
  });

  it('quits at once when another instance holds the lock, before touching anything else', async () => {
    const { fake, outcome } = await boot({ lock: false });
    expect(outcome).toBe('second-instance');
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.protocol.handlers.size).toBe(0);
    expect(fs.existsSync(path.join(home, 'access-ledger.db'))).toBe(false);
  });
});
