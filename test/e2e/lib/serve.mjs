// Starts `access-ledger serve` as a child process and reads the URL it prints. With `configPath`
// it serves the sources of that config file (read-only in Settings > Connections); `env` adds
// environment variables (the credentials the config names).
import { spawn } from 'node:child_process';
import path from 'node:path';

const URL_LINE = /^Open: (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))\s*$/m;

/**
 * Runs the real CLI entry (electron/cli/bin.cjs -> dist/cli.cjs), as `npx access-ledger serve`
 * would. Resolves once the URL line appears; rejects with the server's stderr if it exits first.
 */
export function startServe({ root, dbPath, configPath = null, env = {}, timeoutMs = 20_000 }) {
  const args = [path.join(root, 'electron/cli/bin.cjs'), 'serve', '--db', dbPath, '--port', '0', ...(configPath ? ['--config', configPath] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = async (graceMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), stdout, stderr };
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    return { ...result, stdout, stderr };
  };

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`access-ledger serve printed no "Open:" line within ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    const onData = () => {
      const match = URL_LINE.exec(stdout);
      if (!match) return;
      cleanup();
      const url = match[1];
      resolve({ url, origin: new URL(url).origin, port: Number(match[2]), token: match[3] });
    };
    const onExit = ({ code, signal }) => {
      cleanup();
      reject(new Error(`access-ledger serve exited early (code ${code}, signal ${signal}).\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
    }
    child.stdout.on('data', onData);
    exited.then(onExit);
  });

  return { child, ready, stop, output: () => ({ stdout, stderr }) };
}
