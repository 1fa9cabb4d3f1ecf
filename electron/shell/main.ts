// Electron entry point, bundled to dist/electron/main.cjs beside preload.cjs; the renderer
// is built to dist/renderer. Only this file and the IPC wrappers see ipcMain.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, shell } from 'electron';
import { isAppSender, registerIpcHandlers } from './ipc-main';
import { startApp } from './start-app';

/** The running shell; exported so tests (with a fake 'electron') can wait for start-up. */
export const appShell = startApp(
  { app, BrowserWindow, dialog, protocol, safeStorage, screen, shell },
  {
    rendererDir: path.join(__dirname, '..', 'renderer'),
    preloadPath: path.join(__dirname, 'preload.cjs'),
    registerIpc: (service) => registerIpcHandlers(ipcMain, service, isAppSender),
  },
);
