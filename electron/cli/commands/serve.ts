import path from 'node:path';
import { spawn } from 'node:child_process';
import { openCore } from '../../api/open-core';
import { startBridge } from '../../api/http-bridge';
import { createLogger } from '../../platform/logger';
import { resolveDatabasePath, parsePort } from '../cli-options';
import type { Command } from '../command';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app and its API to a browser on 127.0.0.1 (headless mode)',
  usage: 'access-ledger serve [--db PATH] [--port N] [--open] [--config FILE]',
  options: {
    db: { type: 'string' },
    config: { type: 'string' },
    port: { type: 'string' },
    open: { type: 'boolean' },
  },
  async run({ values, io }) {
    const port = parsePort(values.port);
    const logger = createLogger((line) => io.stderr(line + '\n'));
    const core = openCore({
      databasePath: resolveDatabasePath(values.db, io.env),
      logger,
      env: io.env,
      schedule: true,
      ...(typeof values.config === 'string' ? { configFile: values.config } : {}),
    });
    let bridge;
    try {
      bridge = await startBridge({ service: core.service, staticDir: rendererDir(), port, logger });
    } catch (error) {
      await core.close();
      throw error;
    }
    io.stdout(`Access Ledger is serving ${core.databasePath}\nOpen: ${bridge.url}\n`);
    const minutes = core.collection.scheduleMinutes;
    if (minutes) io.stdout(`Polling every ${minutes} minutes.\n`);
    if (values.open) openInBrowser(bridge.url);
    await new Promise<void>((resolve) => io.onStop(resolve));
    await bridge.close();
    await core.close();
    io.stdout('Stopped; database closed.\n');
    return 0;
  },
};

/** The built renderer sits beside the bundled CLI in dist/. */
export function rendererDir(): string {
  return process.env.ACCESS_LEDGER_RENDERER_DIR ?? path.join(__dirname, 'renderer');
}

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
}
