import path from 'node:path';
import { spawn } from 'node:child_process';
import { openCore } from '../../api/open-core';
import { startBridge } from '../../api/http-bridge';
import { cliLogger } from '../cli-logger';
import { resolveDatabasePath, parsePort } from '../cli-options';
import { UsageError, type CliIo, type Command } from '../command';
import type { Db } from '../../db/open-database';
import type { Logger } from '../../platform/logger';
import { userDataDir } from '../../platform/paths';
import { runDemo } from '../../simulate/demo/run-demo';
import { assertDemoMayWrite, inspectDemoTarget } from '../../simulate/demo/demo-target';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app and its API to a browser on 127.0.0.1 (headless mode)',
  usage: 'access-ledger serve [--db PATH] [--port N] [--open] [--config FILE] [--demo]',
  options: {
    db: { type: 'string' },
    demo: { type: 'boolean' },
    config: { type: 'string' },
    port: { type: 'string' },
    open: { type: 'boolean' },
  },
  async run({ values, io }) {
    const port = parsePort(values.port);
    const logger = cliLogger(io, values);
    if (values.demo && values.config) throw new UsageError('serve: --demo and --config do not go together');
    // --demo: the demo organisation in its own database (never the real one), built on first use.
    const databasePath = values.demo && values.db === undefined ? path.join(userDataDir(io.env), 'demo.db') : resolveDatabasePath(values.db, io.env);
    if (values.demo) await ensureDemoHistory(databasePath, logger, io);
    const core = openCore({
      databasePath,
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
    if (!values.demo && !values.config && !hasAnythingToShow(core.db)) {
      io.stdout('No sources are configured and nothing has been collected yet. Add a connection in Settings, or explore a demo organisation: access-ledger serve --demo (npm start -- --demo)\n');
    }
    const minutes = core.collection.scheduleMinutes;
    if (minutes) io.stdout(`Polling every ${minutes} minutes.\n`);
    if (values.open) openInBrowser(bridge.url, (why) => io.stderr(`Could not open a browser (${why}); open ${bridge.url} yourself.\n`));
    await new Promise<void>((resolve) => io.onStop(resolve));
    await bridge.close();
    await core.close();
    io.stdout('Stopped; database closed.\n');
    return 0;
  },
};

function hasAnythingToShow(db: Db): boolean {
  return Boolean(db.prepare('SELECT 1 FROM collections LIMIT 1').get() ?? db.prepare('SELECT 1 FROM connections LIMIT 1').get());
}

/**
 * Builds the demo history into `databasePath` unless the demo already built one there (then it
 * is served as it is). A file holding anything else (a saved connection, a real collection, a
 * ledger entry) is refused before it is opened for writing: it is left exactly as it was.
 */
async function ensureDemoHistory(databasePath: string, logger: Logger, io: CliIo): Promise<void> {
  const target = inspectDemoTarget(databasePath);
  if (target.madeByDemo && target.collections > 0) return;
  assertDemoMayWrite(databasePath, target, 'To serve it as it is, leave out --demo.');
  io.stdout(`Building the demo organisation (250 people, 90 simulated days) in ${databasePath}…\n`);
  const result = await runDemo({ databasePath, people: 250, days: 90, seed: 42, logger });
  io.stdout(`Demo ready in ${result.seconds} s: ${result.collections} collections.\n`);
}

/** The built renderer sits beside the bundled CLI in dist/. */
export function rendererDir(): string {
  return process.env.ACCESS_LEDGER_RENDERER_DIR ?? path.join(__dirname, 'renderer');
}

/** Asks the desktop to open the URL; says so when there is none to ask (a server, a container). */
function openInBrowser(url: string, onFailure: (why: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', (error: NodeJS.ErrnoException) => onFailure(error.code === 'ENOENT' ? `${cmd as string} is not installed` : error.message));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) onFailure(`${cmd as string} exited with ${code}`);
  });
  child.unref();
}
