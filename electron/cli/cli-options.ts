import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/result';
import { defaultDatabasePath } from '../platform/paths';
import { UsageError } from './command';

export function resolveDatabasePath(db: unknown, env: NodeJS.ProcessEnv): string {
  if (db === undefined) return defaultDatabasePath(env);
  if (typeof db !== 'string' || db.trim() === '') throw new UsageError('--db needs a file path');
  return path.resolve(db);
}

/**
 * The database a reading command opens: it must exist. Opening creates a file, so a mistyped
 * path would otherwise become an empty database that answers "0 findings", "ledger intact".
 */
export function existingDatabasePath(db: unknown, env: NodeJS.ProcessEnv): string {
  const file = resolveDatabasePath(db, env);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) {
    throw new AppError('NOT_FOUND', `No database at ${file}${db === undefined ? ' (the default location)' : ''}: check --db. \`collect\`, \`demo\` and \`serve\` create one.`);
  }
  if (stat.isDirectory()) throw new AppError('INVALID_ARGUMENT', `${file} is a directory, not an Access Ledger database: check --db.`);
  // Opening an empty file would make it a new database: a reading command writes nothing.
  if (stat.size === 0) throw new AppError('INVALID_ARGUMENT', `${file} is an empty file, not an Access Ledger database: check --db.`);
  return file;
}

export function parsePort(value: unknown): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${String(value)}"`);
  return n;
}

/** A whole-number option within bounds, or its default. */
export function parseWholeNumber(flag: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${String(value)}"`);
  }
  return n;
}
