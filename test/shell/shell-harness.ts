import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '../../electron/platform/logger';
import { isAppSender, registerIpcHandlers } from '../../electron/shell/ipc-main';
import { startApp, type AppShell, type StartOutcome } from '../../electron/shell/start-app';
import { createFakeElectron, type FakeElectron, type FakeOptions } from './fake-electron';

/** One started shell on a fake electron, with its own per-user folder and a small built renderer. */
export interface BootedShell {
  fake: FakeElectron;
  shell: AppShell;
  outcome: StartOutcome;
  home: string;
  rendererDir: string;
  logger: ReturnType<typeof createMemoryLogger>;
}

export const INDEX_HTML = '<!doctype html><title>Access Ledger</title><div id="root"></div>';
export const SECRET = 'root:x:0:0:secret-outside-renderer';

/** A scratch folder: renderer/ (index.html, assets/app.js) and, beside it, a file that must never be served. */
export function makeScratch(): { base: string; rendererDir: string; home: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'al-shell-'));
  const rendererDir = path.join(base, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  const home = path.join(base, 'home');
  fs.mkdirSync(home);
  return { base, rendererDir, home };
}

/** Starts the shell the way main.ts does, against `fake`, and waits for start-up to finish. */
export async function bootShell(options: FakeOptions & { home?: string; rendererDir?: string; fake?: FakeElectron } = {}): Promise<BootedShell> {
  const scratch = options.home && options.rendererDir ? { home: options.home, rendererDir: options.rendererDir } : makeScratch();
  const fake = options.fake ?? createFakeElectron(options);
  const logger = createMemoryLogger();
  const shell = startApp(fake.shellElectron, {
    rendererDir: scratch.rendererDir,
    preloadPath: path.join(scratch.rendererDir, '..', 'preload.cjs'),
    registerIpc: (service) => registerIpcHandlers(fake.ipcMain as never, service, isAppSender),
    env: { ACCESS_LEDGER_HOME: scratch.home },
    logger,
  });
  fake.app.fireReady();
  const outcome = await shell.started;
  return { fake, shell, outcome, home: scratch.home, rendererDir: scratch.rendererDir, logger };
}

/** Quits the fake app, waits for the database to close, and removes the scratch folder. */
export async function shutDown(booted: BootedShell): Promise<void> {
  booted.fake.app.quit();
  await booted.fake.app.whenQuit();
  fs.rmSync(path.dirname(booted.rendererDir), { recursive: true, force: true });
}
