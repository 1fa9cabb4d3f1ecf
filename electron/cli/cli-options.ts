import path from 'node:path';
import { defaultDatabasePath } from '../platform/paths';
import { UsageError } from './command';

export function resolveDatabasePath(db: unknown, env: NodeJS.ProcessEnv): string {
  if (db === undefined) return defaultDatabasePath(env);
  if (typeof db !== 'string' || db.trim() === '') throw new UsageError('--db needs a file path');
  return path.resolve(db);
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
