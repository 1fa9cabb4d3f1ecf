// Starts `access-ledger simulate` as a child process and reads what it prints: the config file
// it wrote for its endpoints and the `export NAME=value` credential lines, which the e2e passes
// to `serve --config` as its environment (exactly what the printed instructions tell a person).
import { startCli } from './cli-process.mjs';

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
  const { child, ready, stop } = startCli({
    root,
    timeoutMs,
    describe: 'simulate',
    args: ['simulate', '--people', String(people), '--seed', String(seed)],
    isReady: (stdout) => {
      if (!DONE_LINE.test(stdout)) return undefined;
      const parsed = parseSimulateOutput(stdout);
      if (!parsed.configPath) throw new Error('printed no "Config: FILE" line');
      if (Object.keys(parsed.env).length === 0) throw new Error('printed no "export NAME=value" credential lines');
      return parsed;
    },
  });
  return { child, ready, stop };
}
