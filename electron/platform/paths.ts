import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Access Ledger';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives the app
 * (so the CLI and the app share one database by default). ACCESS_LEDGER_HOME overrides it.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ACCESS_LEDGER_HOME) return path.resolve(env.ACCESS_LEDGER_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return path.join(userDataDir(env, platform), 'access-ledger.db');
}
