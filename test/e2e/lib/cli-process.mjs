// Runs the real CLI entry (electron/cli/bin.cjs -> dist/cli.cjs) as a child process, as
// `npx access-ledger …` would, and waits for its output to say it is ready.
import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Starts `access-ledger <args>`. `isReady(stdout)` returns a value once the output shows the
 * command is ready (or throws to reject with that reason); `ready` resolves with that value,
 * and rejects if the command exits first or stays silent past `timeoutMs`. `stop()` sends
 * SIGTERM (SIGKILL after a grace period) and resolves with the exit code and all output.
 */
export function startCli({ root, args, env = {}, timeoutMs = 20_000, isReady, describe }) {
  const child = spawn(process.execPath, [path.join(root, 'electron/cli/bin.cjs'), ...args], {
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
    const fail = (why) => reject(new Error(`access-ledger ${describe} ${why}.\nstdout: ${stdout}\nstderr: ${stderr}`));
    const timer = setTimeout(() => {
      cleanup();
      fail(`was not ready within ${timeoutMs} ms`);
    }, timeoutMs);
    const onData = () => {
      let value;
      try {
        value = isReady(stdout);
      } catch (error) {
        cleanup();
        return fail(error.message);
      }
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
    }
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) => {
      cleanup();
      fail(`exited early (code ${code}, signal ${signal})`);
    });
  });

  return { child, ready, stop, output: () => ({ stdout, stderr }) };
}
