import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement reused for the life of the connection: preparing costs more than
 * running for the small streams a poll mostly merges. Only for fixed SQL (never SQL naming a
 * stage's temp tables, which would pile up), and each SQL text always used in one mode
 * (raw, pluck or objects), since those modes stick to the statement.
 */
export function statement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
