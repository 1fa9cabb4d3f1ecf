import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/api/content-security-policy';
import { FakeSession } from './fake-electron';
import { bootShell, INDEX_HTML, makeScratch, SECRET, shutDown, type BootedShell } from './shell-harness';

// Each rule of the Electron security checklist the shell implements, proven against a fake
// electron whose defaults are Electron's permissive ones: every test here fails if its rule
// is removed from electron/shell/.

let booted: BootedShell | null = null;
afterEach(async () => {
  if (booted) await shutDown(booted);
  booted = null;
});

async function start(options: Parameters<typeof bootShell>[0] = {}): Promise<BootedShell> {
  booted = await bootShell(options);
  return booted;
}

describe('app:// protocol', () => {
  it('is registered before ready as standard + secure + fetch, and nothing more privileged', async () => {
    const { fake } = await start();
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    // Registration must come before ready (the fake throws otherwise, as Electron does).
    expect(fake.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('app.ready'));
    expect(fake.protocol.handlers.has('app')).toBe(true);
  });

  it('serves the renderer with the CSP and security headers, client routes fall back to index.html', async () => {
    const { fake } = await start();
    for (const url of ['app://app/', 'app://app/people', 'app://app/index.html']) {
      const response = await fake.protocol.request(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toBe(INDEX_HTML);
    }
    const script = await fake.protocol.request('app://app/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });

  it('refuses path traversal in every spelling (404, never the file outside the renderer)', async () => {
    const { fake } = await start();
    const attempts = [
      'app://app/../secret.txt',
      'app://app/../../etc/passwd',
      'app://app/%2e%2e/secret.txt',
      'app://app/%2E%2E/%2e%2e/etc/passwd',
      'app://app/..%2fsecret.txt',
      'app://app/..%5csecret.txt',
      'app://app/assets/..%5c..%5csecret.txt',
      'app://app/assets/%5c..%5csecret.txt',
      'app://app/assets/..\\..\\secret.txt',
      'app://app/%00/index.html',
      'app://app/./index.html',
    ];
    for (const url of attempts) {
      const response = await fake.protocol.request(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text(), url).not.toContain('secret');
    }
    // Chromium normalises standard-scheme URLs before the handler sees them; whatever it
    // makes of these, the answer is never a file outside the renderer folder.
    for (const url of attempts.slice(0, 4)) {
      const normalised = new URL(url).href;
      const body = await (await fake.protocol.request(normalised)).text();
      expect(body, normalised).not.toContain(SECRET);
    }
  });

  it('serves only the app host and only GET/HEAD', async () => {
    const { fake } = await start();
    expect((await fake.protocol.request('app://app.evil/index.html')).status).toBe(404);
    expect((await fake.protocol.request('app://evil@app/index.html')).status).toBe(404);
    expect((await fake.protocol.request('app://app/index.html', 'POST')).status).toBe(405);
    const head = await fake.protocol.request('app://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('loads the UI from app://, never file://', async () => {
    const { fake } = await start();
    expect(fake.windows[0]!.loadedUrls).toEqual(['app://app/']);
  });
});

describe('windows and navigation', () => {
  it('denies every new window; only an allow-listed https link goes to the system browser', async () => {
    const { fake } = await start();
    const contents = fake.windows[0]!.webContents;
    for (const url of ['https://evil.example/', 'app://app/people', 'http://docs.prefect.io/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(contents.openWindow(url), url).toEqual({ action: 'deny' });
    }
    expect(contents.openWindow('https://docs.prefect.io/v3/manage/cloud/manage-users')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.shell.opened).toEqual(['https://docs.prefect.io/v3/manage/cloud/manage-users']);
  });

  it('keeps navigation and redirects on app://app (compared by origin, not prefix)', async () => {
    const { fake } = await start();
    const contents = fake.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
      for (const url of [
        'https://evil.example/',
        'app://app.evil/',
        'app://app.evil.example/people',
        'app://evil@app/',
        'app://app:8080/',
        'file:///etc/passwd',
        'http://127.0.0.1:9/',
        'javascript:alert(1)',
        'not a url',
      ]) {
        expect(contents.navigate(event, url).prevented, `${event} ${url}`).toBe(true);
      }
      for (const url of ['app://app/', 'app://app/people', 'app://app/findings?x=1#y']) {
        expect(contents.navigate(event, url).prevented, `${event} ${url}`).toBe(false);
      }
    }
    await Promise.resolve();
    expect(fake.shell.opened).toEqual([]);
  });

  it('refuses <webview> tags', async () => {
    const { fake } = await start();
    expect(fake.windows[0]!.webContents.attachWebview().prevented).toBe(true);
  });

  it('denies every permission request and check', async () => {
    const { fake } = await start();
    const session = fake.windows[0]!.webContents.session;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(await session.requestPermission(permission), permission).toBe(false);
      expect(session.checkPermission(permission, 'app://app'), permission).toBe(false);
    }
  });

  it('applies the same rules to any other webContents (web-contents-created)', async () => {
    const { fake } = await start();
    const session = new FakeSession();
    const other = fake.createLooseWebContents(session);
    expect(other.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(other.navigate('will-navigate', 'https://evil.example/').prevented).toBe(true);
    expect(other.navigate('will-redirect', 'app://app.evil/').prevented).toBe(true);
    expect(other.navigate('will-navigate', 'app://app/people').prevented).toBe(false);
    expect(other.attachWebview().prevented).toBe(true);
    expect(await session.requestPermission('media')).toBe(false);
    expect(session.checkPermission('notifications', 'https://evil.example')).toBe(false);
  });
});

describe('single instance', () => {
  it('a second launch restores and focuses the first window', async () => {
    const { fake } = await start();
    const win = fake.windows[0]!;
    win.minimize();
    fake.app.emit('second-instance', {}, ['access-ledger'], home());
    expect(win.isMinimized()).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.focusCount).toBe(1);
    expect(fake.windows).toHaveLength(1);
  });

  it('without the lock, quits before registering anything', async () => {
    const { fake, outcome } = await start({ lock: false });
    expect(outcome).toBe('second-instance');
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.protocol.privileged).toEqual([]);
    expect(fake.windows).toHaveLength(0);
  });
});

describe('database', () => {
  it('on a database that cannot be opened: shows the reason, quits, and leaves the file untouched', async () => {
    const scratch = makeScratch();
    const file = path.join(scratch.home, 'access-ledger.db');
    const garbage = Buffer.from('this is not a sqlite file, and must survive untouched\n');
    fs.writeFileSync(file, garbage);
    const { fake, outcome, shell } = await start({ home: scratch.home, rendererDir: scratch.rendererDir });
    expect(outcome).toBe('failed');
    expect(fake.dialog.errors).toHaveLength(1);
    expect(fake.dialog.errors[0]!.title).toContain('cannot open its database');
    expect(fake.dialog.errors[0]!.content).toContain(file);
    expect(fake.dialog.errors[0]!.content).toContain('not an Access Ledger database');
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(shell.core()).toBeNull();
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('closing the last window quits and closes the database', async () => {
    const { fake, shell } = await start();
    const core = shell.core()!;
    expect(core.db.open).toBe(true);
    fake.windows[0]!.close();
    expect(fake.app.quitCalls).toBeGreaterThanOrEqual(1);
    await fake.app.whenQuit();
    expect(core.db.open).toBe(false);
    expect(shell.core()).toBeNull();
    // The quit was held until the database was closed, then went through.
    expect(fake.calls.indexOf('app.quitted')).toBeGreaterThan(fake.calls.indexOf('app.quit'));
  });
});

function home(): string {
  return booted!.home;
}
