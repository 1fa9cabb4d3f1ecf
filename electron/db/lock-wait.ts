import type { Db } from './open-database';

/**
 * How long a collection's writes wait for another connection's write lock (the background
 * worker deriving access or recording findings holds it for seconds at 100k people), and how
 * long the worker waits for a collection's commit. A completed read is expensive to lose, and
 * a background thread loses nothing by waiting, so both wait far longer than the 5 s a
 * connection answering requests waits by default.
 */
export const COMMIT_LOCK_WAIT_MS = 120_000;

/**
 * Runs `write` with SQLite waiting up to `ms` for the write lock, then restores the
 * connection's own busy timeout (whatever happens inside).
 */
export function waitingForLock<T>(db: Db, ms: number, write: () => T): T {
  const own = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
  try {
    return write();
  } finally {
    db.pragma(`busy_timeout = ${own}`);
  }
}
