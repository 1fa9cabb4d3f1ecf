import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeElectron } from './fake-electron';
import { bootShell } from './shell-harness';
import { createKeychainStore } from '../../electron/shell/keychain-store';

describe('credentials in the desktop app', () => {
  it('are stored encrypted in their own file, never in the database, and reach the connectors', async () => {
    const booted = await bootShell();
    const ipc = booted.fake.ipcMain;
    const secret = 'SSWS-like-token-0123456789abcdef';
    const frame = { senderFrame: { url: 'app://app/settings' } };
    const handler = (name: string) => (ipc as unknown as { handlers: Map<string, (e: unknown, a: unknown) => Promise<unknown>> }).handlers.get(`ledger:${name}`)!;
    const stored = await handler('setCredential')(frame, { name: 'OKTA_TOKEN', value: secret });
    expect(stored).toEqual({ ok: true, value: { stored: true } });
    const userData = booted.fake.app.getPath('userData');
    const file = path.join(userData, 'credentials.json');
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(secret);
    const core = booted.shell.core()!;
    expect(core.deps.collection.secrets.get('OKTA_TOKEN')).toBe(secret);
    const dbBytes = ['access-ledger.db', 'access-ledger.db-wal']
      .map((f) => path.join(userData, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    expect(dbBytes).not.toContain(secret);
    const ledger = await handler('listLedger')(frame, {});
    expect(JSON.stringify(ledger)).toContain('credential.stored');
    expect(JSON.stringify(ledger)).not.toContain(secret);
  });

  it('refuses to store a credential when the keychain is unavailable', () => {
    const fake = createFakeElectron();
    fake.safeStorage.available = false;
    const store = createKeychainStore(fake.safeStorage, path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-kc-')), 'credentials.json'));
    expect(() => store.set('OKTA_TOKEN', 'abcdefghijkl')).toThrow(/keychain is not available.*environment variable OKTA_TOKEN/);
  });
});
