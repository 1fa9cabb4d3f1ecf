// Starts `access-ledger simulate` as a child process and reads what it prints: the config file
// it wrote for its endpoints and the `export NAME=value` credential lines, which the e2e passes
// to `serve --config` as its environment (exactly what the printed instructions tell a person).
import { spawn } from 'node:child_process';
import path from 'node:path';

const CONFIG_LINE = /^Config: (.+\.(?:ya?ml|json))\s*$/m;
const EXPORT_LINE = /^\s*export ([A-Za-z_][A-Za-z0-9_]*)=(\S+)\s*$/gm;
const DONE_LINE = /Ctrl-C stops the simulators\./;

/** Pulls the config path and the credential variables out of `simulate`'s output. */
export function parseSimulateOutput(stdout) {
  const config = CONFIG_LINE.exec(stdout);
  const env = {};
  for (const match of stdout.matchAll(EXPORT_LINE)) env[match[1]] = match[2];
  return { configPath: config ? config[1] : null, env };
}

/**
 * Runs the real CLI (`simulate --people N --seed S`); resolves once it has printed everything,
 * with { configPath, env }. `stop()` sends SIGTERM (the simulators close and remove their
 * temp folder) and resolves with the exit details.
 */
export function startSimulators({ root, people = 40, seed = 7, timeoutMs = 20_000 }) {
  const child = spawn(process.execPath, [path.join(root, 'electron/cli/bin.cjs'), 'simulate', '--people', String(people), '--seed', String(seed)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
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
    const fail = (why) => reject(new Error(`access-ledger simulate ${why}.\nstdout: ${stdout}\nstderr: ${stderr}`));
    const timer = setTimeout(() => {
      cleanup();
      fail(`printed no complete instructions within ${timeoutMs} ms`);
    }, timeoutMs);
    const onData = () => {
      if (!DONE_LINE.test(stdout)) return;
      cleanup();
      const parsed = parseSimulateOutput(stdout);
      if (!parsed.configPath) return fail('printed no "Config: FILE" line');
      if (Object.keys(parsed.env).length === 0) return fail('printed no "export NAME=value" credential lines');
      resolve(parsed);
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

  return { child, ready, stop };
}
