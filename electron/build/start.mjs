// `npm start` (after `npm run build`): launches the desktop app on the freshly built dist/.
// When the Electron binary is not installed (e.g. `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci`,
// as in CI and on headless machines) it says so in one line and serves the same UI through
// the loopback bridge instead (`access-ledger serve`), which prints the URL to open.
// Extra arguments go to `serve` in that case: `npm start -- --port 8080 --open`.
//
// Native module: better-sqlite3 in node_modules is built for Node, so that `npm test` runs
// on plain Node. Electron needs a build for its own ABI. Before launching Electron this
// script runs `electron-builder install-app-deps` (rebuilds better-sqlite3 for Electron in
// place) and, when Electron exits, `npm rebuild better-sqlite3` to put the Node build back.
// We chose this over a second copy loaded through better-sqlite3's `nativeBinding` option
// because it needs no extra build tooling and the packaged app gets the same result from
// electron-builder's `npmRebuild`. Consequence: do not run `npm test` while the app started
// by `npm start` is open. To skip both rebuilds, set ACCESS_LEDGER_NATIVE_BINDING to a
// better_sqlite3.node built for this Electron version; the shell passes it to better-sqlite3.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const isWindows = process.platform === 'win32';

/** The Electron executable, or null when the npm package is there without its binary. */
function electronBinary() {
  try {
    // Under plain Node the 'electron' package exports the path of the binary it downloaded
    // (it throws when the download was skipped).
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Runs a child that owns the terminal session for us, forwarding SIGINT/SIGTERM exactly
 * once. On POSIX the child gets its own process group so a Ctrl-C in the terminal is not
 * delivered twice (once by the terminal, once forwarded), which would kill it before it
 * closes the database.
 */
function runForwardingSignals(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', detached: !isWindows, ...options });
    const forward = (signal) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (error) => {
      process.stderr.write(`start: could not run ${path.basename(command)}: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
}

function runOrFail(command, args, what, { shell = false } = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (result.status !== 0) {
    process.stderr.write(`start: ${what} failed (exit ${result.status ?? result.signal}).\n`);
    return false;
  }
  return true;
}

async function startElectron(binary) {
  const useOwnBinding = Boolean(process.env.ACCESS_LEDGER_NATIVE_BINDING);
  const builderCli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  if (!useOwnBinding && !runOrFail(process.execPath, [builderCli, 'install-app-deps'], 'rebuilding better-sqlite3 for Electron')) {
    return 1;
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the binary into plain Node
  let code;
  try {
    code = await runForwardingSignals(binary, ['.'], { env });
  } finally {
    if (!useOwnBinding) {
      // npm is a .cmd script on Windows, which Node only runs through a shell.
      runOrFail(isWindows ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], 'restoring the Node build of better-sqlite3', { shell: isWindows });
    }
  }
  return code;
}

async function startBridge() {
  // The `access-ledger` bin: it loads dist/cli.cjs (which only exports main) and runs it.
  const bin = path.join(root, 'electron', 'cli', 'bin.cjs');
  return runForwardingSignals(process.execPath, [bin, 'serve', ...process.argv.slice(2)]);
}

const binary = electronBinary();
if (binary) {
  process.exitCode = await startElectron(binary);
} else {
  process.stdout.write('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?): serving Access Ledger to your browser instead.\n');
  process.exitCode = await startBridge();
}
