// Starts `access-ledger serve` as a child process and reads the URL it prints. With `configPath`
// it serves the sources of that config file (read-only in Settings > Connections); `env` adds
// environment variables (the credentials the config names).
import { startCli } from './cli-process.mjs';

const URL_LINE = /^Open: (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))\s*$/m;

/** Resolves once the URL line appears; rejects with the server's output if it exits first. */
export function startServe({ root, dbPath, configPath = null, env = {}, timeoutMs = 20_000 }) {
  return startCli({
    root,
    env,
    timeoutMs,
    describe: 'serve',
    args: ['serve', '--db', dbPath, '--port', '0', ...(configPath ? ['--config', configPath] : [])],
    isReady: (stdout) => {
      const match = URL_LINE.exec(stdout);
      if (!match) return undefined;
      const url = match[1];
      return { url, origin: new URL(url).origin, port: Number(match[2]), token: match[3] };
    },
  });
}
