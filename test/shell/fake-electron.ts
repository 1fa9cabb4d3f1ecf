import { EventEmitter } from 'node:events';
import type { ShellElectron } from '../../electron/shell/start-app';

/**
 * A stand-in for the `electron` module (the real binary cannot run in CI): just enough of
 * app, BrowserWindow, webContents, session, protocol, IPC, shell, dialog and screen for the
 * shell's rules to be exercised. Where Electron has a permissive default (no window-open
 * handler = allow, no navigation listener = navigate, no permission handler = grant), the
 * fake has the same default, so a test fails when the shell forgets to set the rule. It
 * also enforces Electron's ordering rules (privileged schemes before ready, protocol.handle
 * after ready) by throwing.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FakeOptions {
  /** What requestSingleInstanceLock() answers: false means another instance holds it. */
  lock?: boolean;
  /** Work areas of the attached displays; the first is primary. */
  displays?: Rect[];
}

type Listener = (...args: unknown[]) => unknown;

export interface NavigationOutcome {
  prevented: boolean;
}

export class FakeSession {
  requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null;
  checkHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;

  setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
    this.checkHandler = handler;
  }
  /** Resolves to whether a permission request would be granted (Electron grants when no handler is set). */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve, { requestingUrl: 'app://app/' }));
  }
  /** Whether a permission check passes (Electron answers true for most when no handler is set). */
  checkPermission(permission: string, origin: string): boolean {
    return this.checkHandler ? this.checkHandler(null, permission, origin, {}) : true;
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string; frameName: string; features: string }) => { action: string }) | null = null;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  /** What window.open(url) would get: Electron allows it when no handler is set. */
  openWindow(url: string): { action: string } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url, frameName: '', features: '' }) : { action: 'allow' };
  }
  /** Emits a navigation-type event the way Electron 38 does (details first, deprecated url second). */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): NavigationOutcome {
    const outcome = { prevented: false };
    const details = { url, isSameDocument: false, isMainFrame: true, frame: null, preventDefault: () => (outcome.prevented = true) };
    if (event === 'will-frame-navigate') this.emit(event, details);
    else this.emit(event, details, url, false, true, 0, 0);
    return outcome;
  }
  attachWebview(): NavigationOutcome {
    const outcome = { prevented: false };
    this.emit('will-attach-webview', { preventDefault: () => (outcome.prevented = true) }, {}, {});
    return outcome;
  }
}

export function createFakeElectron(options: FakeOptions = {}) {
  const calls: string[] = [];
  let ready = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  let resolveQuit!: () => void;
  const quitPromise = new Promise<void>((resolve) => (resolveQuit = resolve));
  const paths = new Map<string, string>([['userData', '/nonexistent/fake-electron-default-userData']]);
  const defaultSession = new FakeSession();
  const windows: FakeBrowserWindow[] = [];

  const app = Object.assign(new EventEmitter(), {
    name: 'access-ledger',
    quitCalls: 0,
    setName(name: string) {
      calls.push(`app.setName ${name}`);
      app.name = name;
    },
    getName: () => app.name,
    setPath(name: string, value: string) {
      calls.push(`app.setPath ${name}`);
      paths.set(name, value);
    },
    getPath(name: string) {
      const value = paths.get(name);
      if (value === undefined) throw new Error(`fake electron: no path ${name}`);
      return value;
    },
    requestSingleInstanceLock() {
      calls.push('app.requestSingleInstanceLock');
      return options.lock ?? true;
    },
    /** Like Electron: 'will-quit' listeners may call preventDefault() to hold the quit. */
    quit() {
      calls.push('app.quit');
      app.quitCalls += 1;
      let prevented = false;
      app.emit('will-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        calls.push('app.quitted');
        resolveQuit();
      }
    },
    /** Test hook: resolves once a quit went through (no will-quit listener held it). */
    whenQuit: () => quitPromise,
    exit(code = 0) {
      calls.push(`app.exit ${code}`);
    },
    isReady: () => ready,
    whenReady: () => readyPromise,
    /** Test hook: what Electron does once Chromium is up. */
    fireReady() {
      ready = true;
      calls.push('app.ready');
      app.emit('ready');
      resolveReady();
    },
  });

  class FakeBrowserWindow extends EventEmitter {
    static instances = windows;
    readonly webContents = new FakeWebContents(defaultSession);
    readonly loadedUrls: string[] = [];
    bounds: Rect;
    maximized = false;
    minimized = false;
    visible = false;
    focusCount = 0;
    destroyed = false;

    constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
      super();
      const o = options as { x?: number; y?: number; width?: number; height?: number };
      this.bounds = { x: o.x ?? 100, y: o.y ?? 100, width: o.width ?? 800, height: o.height ?? 600 };
      windows.push(this);
      calls.push('new BrowserWindow');
      app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrls.push(url);
      return Promise.resolve();
    }
    loadFile(file: string): Promise<void> {
      this.loadedUrls.push(`file://${file}`);
      return Promise.resolve();
    }
    getNormalBounds(): Rect {
      return { ...this.bounds };
    }
    getBounds(): Rect {
      return { ...this.bounds };
    }
    setBounds(bounds: Partial<Rect>): void {
      this.bounds = { ...this.bounds, ...bounds };
    }
    isMaximized = () => this.maximized;
    maximize(): void {
      this.maximized = true;
    }
    isMinimized = () => this.minimized;
    minimize(): void {
      this.minimized = true;
    }
    restore(): void {
      this.minimized = false;
    }
    show(): void {
      this.visible = true;
    }
    focus(): void {
      this.focusCount += 1;
    }
    isDestroyed = () => this.destroyed;
    close(): void {
      this.emit('close', { preventDefault() {} });
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
      if (windows.length === 0) app.emit('window-all-closed', { preventDefault() {} });
    }
  }

  const ipcHandlers = new Map<string, Listener>();
  const ipcMain = {
    handlers: ipcHandlers,
    handle(channel: string, listener: Listener) {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
    /** Test hook: what ipcRenderer.invoke from a frame showing `senderUrl` would get (null = destroyed frame). */
    async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
      const listener = ipcHandlers.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      return listener({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
    },
  };

  const ipcRenderer = {
    invocations: [] as Array<{ channel: string; args: unknown[] }>,
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      ipcRenderer.invocations.push({ channel, args });
      return Promise.resolve({ ok: true, value: { channel } });
    },
  };

  const contextBridge = {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown) {
      calls.push(`contextBridge.exposeInMainWorld ${key}`);
      contextBridge.exposed.set(key, api);
    },
  };

  const protocol = {
    privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
    handlers: new Map<string, (request: { url: string; method: string }) => Response | Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      calls.push('protocol.registerSchemesAsPrivileged');
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: { url: string; method: string }) => Response | Promise<Response>) {
      if (!ready) throw new Error('protocol.handle must be called after app is ready');
      calls.push(`protocol.handle ${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
    /** Test hook: a request for `url` as the renderer would make it (the raw URL text is passed through). */
    async request(url: string, method = 'GET'): Promise<Response> {
      const scheme = url.slice(0, url.indexOf(':'));
      const handler = protocol.handlers.get(scheme);
      if (!handler) throw new Error(`fake electron: no handler for ${scheme}:`);
      return handler({ url, method });
    },
  };

  const shell = {
    opened: [] as string[],
    openExternal(url: string): Promise<void> {
      shell.opened.push(url);
      return Promise.resolve();
    },
  };

  const dialog = {
    errors: [] as Array<{ title: string; content: string }>,
    showErrorBox(title: string, content: string) {
      calls.push('dialog.showErrorBox');
      dialog.errors.push({ title, content });
    },
  };

  const displays = options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1040 }];
  const screen = {
    getAllDisplays: () => displays.map((workArea, id) => ({ id, workArea, bounds: workArea })),
    getPrimaryDisplay: () => ({ id: 0, workArea: displays[0], bounds: displays[0] }),
  };

  const session = { defaultSession };

  // Stands in for the OS keychain: reversible, but never the plain text on disk.
  const safeStorage = {
    available: true,
    isEncryptionAvailable: () => safeStorage.available,
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
  };

  const module = { app, BrowserWindow: FakeBrowserWindow, ipcMain, ipcRenderer, contextBridge, protocol, session, shell, dialog, screen, safeStorage };

  return {
    calls,
    app,
    BrowserWindow: FakeBrowserWindow,
    windows,
    ipcMain,
    ipcRenderer,
    contextBridge,
    protocol,
    session,
    shell,
    dialog,
    screen,
    safeStorage,
    module,
    /** The module typed as what startApp takes (the fake implements the parts it uses). */
    shellElectron: module as unknown as ShellElectron,
    /** A webContents not belonging to any window (e.g. devtools), announced like Electron does. */
    createLooseWebContents(session = new FakeSession()): FakeWebContents {
      const contents = new FakeWebContents(session);
      app.emit('web-contents-created', { preventDefault() {} }, contents);
      return contents;
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
