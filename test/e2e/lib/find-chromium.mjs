// Finds a Chromium to drive. Debian's package is the reference browser; CHROMIUM_PATH wins.
import fs from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Returns { path, tried } where path is null when nothing executable was found. */
export function findChromium(env = process.env) {
  const tried = [];
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES] : CHROMIUM_CANDIDATES;
  for (const candidate of candidates) {
    tried.push(candidate);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return { path: candidate, tried };
    } catch {
      // not here; try the next one
    }
  }
  return { path: null, tried };
}
