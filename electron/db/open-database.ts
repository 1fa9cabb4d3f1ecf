import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/result';
import { migrate, type Migration } from './migrate';
import { allMigrations } from './migrations';
import { registerFactHistory } from '../collect/store/history-codec';

export type Db = Database.Database;

export interface OpenOptions {
  /** Migrations to apply; tests may pass a prefix of the real list. */
  migrations?: readonly Migration[];
  /** Electron builds pass the path of a better-sqlite3 binary compiled for Electron. */
  nativeBinding?: string;
  /** How long to wait for another process's write lock before giving up. */
  busyTimeoutMs?: number;
  /** Open without writing anything: no migrations, no WAL switch. */
  readonly?: boolean;
}

/**
 * Opens (or creates) the ledger database with WAL, foreign keys and a busy timeout, then
 * brings its schema up to date. An existing file is never overwritten or "repaired": a file
 * that is not SQLite, is corrupt, locked, read-only or from a newer app is refused with a
 * message naming the file and what to do.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const isMemory = file === ':memory:';
  const exists = !isMemory && fs.existsSync(file);
  // stat, not open: see assertNotADirectory.
  if (exists) assertNotADirectory(file);
  if (!isMemory && !exists) {
    if (options.readonly) throw new AppError('NOT_FOUND', `No database at ${file}.`);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: exists,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw explainSqliteError(error, file, 'open');
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('foreign_keys = ON');
    // The facts view unpacks closed versions through this table-valued function.
    registerFactHistory(db);
    // Reading the schema is the cheapest check that the file is a readable database.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    if (!options.readonly) {
      if (!isMemory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Collections merge millions of rows: a larger page cache (main and temp) keeps the
      // staged read and the hot part of the facts B-tree in memory instead of re-reading pages.
      db.pragma('cache_size = -65536');
      db.pragma('temp.cache_size = -131072');
      const migrations = options.migrations ?? allMigrations;
      const { from, to } = migrate(db, migrations, { file });
      // An upgraded file whose tables a migration rewrote: give the old pages back (once).
      if (!isMemory && from > 0 && migrations.some((m) => m.vacuumAfter && m.version > from && m.version <= to)) db.exec('VACUUM');
      writeTransactionsTakeTheLockFirst(db);
    } else {
      migrate(db, options.migrations ?? allMigrations, { file, checkOnly: true });
    }
    return db;
  } catch (error) {
    db.close();
    throw explainSqliteError(error, file, 'prepare');
  }
}

/**
 * Makes db.transaction() begin IMMEDIATE instead of DEFERRED. Another connection writes to the
 * same file (the derived-access worker); a deferred transaction that reads and then writes
 * fails at once with SQLITE_BUSY ("database is locked") when that connection committed in
 * between, without waiting out the busy timeout, and a collection would fail for no reason
 * of its own. Taking the write lock at BEGIN makes every writer wait its turn instead.
 */
function writeTransactionsTakeTheLockFirst(db: Db): void {
  const make = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const t = make(fn);
    return Object.assign((...args: never[]) => t.immediate(...args), {
      default: t.immediate,
      deferred: t.deferred,
      immediate: t.immediate,
      exclusive: t.exclusive,
      database: db,
    });
  }) as unknown as Db['transaction'];
}

/**
 * Never open the database file outside SQLite. POSIX locks belong to the process, and closing
 * any descriptor of a file drops every lock the process holds on it: a header check with
 * fs.open/close while this process (the analysis worker's thread, say) already had the file
 * open in SQLite silently released that connection's locks, and another SQLite client could
 * then delete the WAL still being written (QA lost collections that way). SQLite itself says
 * when a file is not a database (SQLITE_NOTADB), before it writes anything.
 */
function assertNotADirectory(file: string): void {
  if (fs.statSync(file).isDirectory()) {
    throw new AppError('DATABASE', `${file} is a directory, not a database file; give a file path with --db (it is created if missing).`);
  }
}

const READ_ONLY = 'is read-only for this user; Access Ledger needs to write to it.';

function readOnlyError(file: string): AppError {
  return new AppError('DATABASE', `${file} ${READ_ONLY} Fix its permissions or choose another path with --db.`);
}

/** Whether opening failed only because this user may not write the file (a reading command can open it read-only instead). */
export function isReadOnlyRefusal(error: unknown): boolean {
  return error instanceof AppError && error.code === 'DATABASE' && error.message.includes(READ_ONLY);
}

/** Turns better-sqlite3 and file-system errors into one clear sentence about the file. */
export function explainSqliteError(error: unknown, file: string, stage: 'open' | 'prepare'): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(message)) {
    return new AppError('DATABASE', `${file} is locked by another process (another Access Ledger window or command?). Close it and try again; nothing was changed.`);
  }
  if (code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || /readonly/i.test(message)) {
    return readOnlyError(file);
  }
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(message)) {
    return new AppError(
      'DATABASE',
      `${file} is not an Access Ledger database (not SQLite, or its header is damaged). It was left untouched; choose another path with --db or restore it from a backup.`,
    );
  }
  if (code === 'SQLITE_CORRUPT' || /malformed/i.test(message)) {
    return new AppError('DATABASE', `${file} is corrupt (${message}). It was left untouched; restore it from a backup or choose another path with --db.`);
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT') {
    return new AppError('DATABASE', `Cannot ${stage} ${file}: the folder is missing or not writable.`);
  }
  return new AppError('DATABASE', `Cannot ${stage} database ${file}: ${message}`);
}
