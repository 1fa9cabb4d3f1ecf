import path from 'node:path';
import type { BrowserWindow as BrowserWindowType } from 'electron';
import { openCore, type Core } from '../api/open-core';
import type { LedgerService } from '../api/service';
import { createLogger, type Logger } from '../platform/logger';
import { PRODUCT_NAME, userDataDir } from '../platform/paths';
import { APP_SCHEME, APP_START_URL } from './app-origin';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { hardenWebContents } from './harden-web-contents';
import { createKeychainStore } from './keychain-store';
import { MIN_WINDOW_SIZE, readWindowState, windowStateFile, writeWindowState } from './window-state';

/** The parts of the Electron API the shell uses; tests pass a fake with the same shape. */
export type ShellElectron = Pick<typeof import('electron'), 'app' | 'BrowserWindow' | 'dialog' | 'protocol' | 'screen' | 'shell' | 'safeStorage'>;

export interface StartOptions {
  /** The built renderer (dist/renderer), served as app://app/. */
  rendererDir: string;
  /** The bundled sandboxed preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** Wires the service to IPC; main.ts passes the ipcMain wrapper so nothing here touches ipcMain. */
  registerIpc(service: LedgerService): void;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** How start-up ended: the window is up, another instance already runs, or the database could not be opened. */
export type StartOutcome = 'running' | 'second-instance' | 'failed';

/** What the entry point keeps: mostly for tests and diagnostics. */
export interface AppShell {
  started: Promise<StartOutcome>;
  mainWindow(): BrowserWindowType | null;
  core(): Core | null;
}

export const DATABASE_FILE_NAME = 'access-ledger.db';
export const CREDENTIALS_FILE_NAME = 'credentials.json';

/**
 * Starts the desktop app: one instance per user, the UI from app:// (never file://) in a
 * sandboxed, context-isolated window, every webContents kept inside the app, and the core
 * opened on the per-user database. The service runs in this (main) process for now; the
 * renderer never runs SQL.
 */
export function startApp(electron: ShellElectron, options: StartOptions): AppShell {
  const { app, BrowserWindow, dialog, protocol, screen, shell, safeStorage } = electron;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  let window: BrowserWindowType | null = null;
  let core: Core | null = null;
  const handle = (started: Promise<StartOutcome>): AppShell => ({ started, mainWindow: () => window, core: () => core });

  // The same folder the CLI uses (platform/paths.ts), whatever package.json says; set
  // before the lock, which lives in userData.
  app.setName(PRODUCT_NAME);
  app.setPath('userData', userDataDir(env));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handle(Promise.resolve('second-instance'));
  }
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell, logger));
  // One window is the whole app: closing it quits (on macOS too), which closes the database.
  app.on('window-all-closed', () => app.quit());
  // Closing the core may be asynchronous (running collections are stopped first): hold the
  // quit until it is done, then quit again (core is null by then, so that one goes through).
  app.on('will-quit', (event) => {
    const closing = core;
    if (!closing) return;
    core = null;
    event.preventDefault();
    Promise.resolve()
      .then(() => closing.close())
      .catch((error: unknown) => logger.error('closing the database failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  const started = app.whenReady().then((): StartOutcome => {
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(options.rendererDir, request));

    const databasePath = path.join(app.getPath('userData'), DATABASE_FILE_NAME);
    const nativeBinding = env.ACCESS_LEDGER_NATIVE_BINDING;
    try {
      core = openCore({
        databasePath,
        logger,
        env,
        // Credentials live in the OS keychain, in their own file; the environment is the fallback.
        credentialStore: createKeychainStore(safeStorage, path.join(app.getPath('userData'), CREDENTIALS_FILE_NAME)),
        // The app polls on the interval saved in Settings (collection.intervalMinutes).
        schedule: true,
        ...(nativeBinding ? { nativeBinding } : {}),
      });
    } catch (error) {
      // openCore never overwrites or repairs the file; say why and stop.
      const message = error instanceof Error ? error.message : String(error);
      logger.error('cannot open the database', { databasePath, error: message });
      dialog.showErrorBox(`${PRODUCT_NAME} cannot open its database`, message);
      app.quit();
      return 'failed';
    }
    options.registerIpc(core.service);
    window = createMainWindow();
    return 'running';
  });

  function createMainWindow(): BrowserWindowType {
    const stateFile = windowStateFile(app.getPath('userData'));
    const state = readWindowState(
      stateFile,
      screen.getAllDisplays().map((display) => display.workArea),
    );
    const win = new BrowserWindow({
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      title: PRODUCT_NAME,
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        preload: options.preloadPath,
      },
    });
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    win.on('close', () => {
      try {
        writeWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
      } catch (error) {
        logger.warn('could not save the window position', { error: String(error) });
      }
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    win.loadURL(APP_START_URL).catch((error: unknown) => logger.error('the UI failed to load', { error: String(error) }));
    return win;
  }

  return handle(started);
}
